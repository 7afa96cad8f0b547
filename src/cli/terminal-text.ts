/**
 * Text that is safe to print on a terminal. Messages quote what came in — a header cell, a file
 * name, a field that did not parse, an unknown option — and a hostile file can carry escape
 * sequences that recolour the screen, retitle the window, move the cursor to overwrite earlier
 * lines, or bidi overrides that show a line in another order than its bytes. Every character that
 * a terminal treats as a command rather than as a glyph is therefore printed as a visible escape:
 *
 * - C0 controls U+0000–U+001F (tab, line feed and carriage return included: a message is one
 *   line, and a carriage return could hide what precedes it), as `\t`, `\n`, `\r` or `\xHH`;
 * - DEL U+007F and the C1 controls U+0080–U+009F (a lone U+009B is a complete CSI), as `\xHH`;
 * - the bidi controls U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069, and the line and
 *   paragraph separators U+2028, U+2029, as `\uHHHH`.
 *
 * Everything else — letters of any script (`Дата`, `日付`), symbols, the box-drawing and Braille
 * characters of the charts — passes unchanged. Backslashes are not doubled, so `C:\data` reads as
 * written; the escaped text is for people, not for parsing back, and escaping is idempotent.
 */

// The character class is the whole point of the module, control characters included.
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/g
// The same class without the C0 controls, which JSON.stringify already escapes.
const UNSAFE_IN_JSON = /[\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/g

const SHORT_ESCAPES: Readonly<Record<string, string>> = { '\t': '\\t', '\n': '\\n', '\r': '\\r' }

function hex(code: number, digits: number): string {
  return code.toString(16).padStart(digits, '0')
}

function escapeOne(char: string): string {
  const short = SHORT_ESCAPES[char]
  if (short !== undefined) return short
  const code = char.charCodeAt(0)
  return code <= 0xff ? `\\x${hex(code, 2)}` : `\\u${hex(code, 4)}`
}

/** One line of text as it may be printed: every control character shown as an escape. */
export function escapeForTerminal(text: string): string {
  return text.replace(UNSAFE, escapeOne)
}

/**
 * JSON text with the characters JSON leaves raw (DEL, C1, bidi, separators) written as `\uHHHH`
 * escapes. They can only occur inside strings, so the document still parses to the same value.
 */
export function escapeJsonForTerminal(json: string): string {
  return json.replace(UNSAFE_IN_JSON, (char) => `\\u${hex(char.charCodeAt(0), 4)}`)
}
