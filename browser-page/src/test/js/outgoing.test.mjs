import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { isSendable } from "../../main/resources/web/outgoing.js";

describe("isSendable", () => {
  it("refuses empty and whitespace-only input", () => {
    for (const blank of ["", " ", "\t", " \n "]) {
      assert.equal(isSendable(blank), false, JSON.stringify(blank));
    }
  });

  it("accepts any text with something visible, markup included", () => {
    for (const text of ["hi", " padded ", "<img src=x onerror=alert(1)>", "0"]) {
      assert.equal(isSendable(text), true, text);
    }
  });
});
