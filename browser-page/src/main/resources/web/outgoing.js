// Which typed text the page sends. What is sent is the text as typed, spaces and all: no trimming.

/** Whether `text` is worth sending: blank or whitespace-only input is not. */
export function isSendable(text) {
  return text.trim().length > 0;
}
