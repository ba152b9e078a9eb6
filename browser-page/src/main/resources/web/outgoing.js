// Which typed text the page sends. The text itself goes out verbatim: the protocol is the text.

/** Whether `text` is worth sending: blank or whitespace-only input is not. */
export function isSendable(text) {
  return text.trim().length > 0;
}
