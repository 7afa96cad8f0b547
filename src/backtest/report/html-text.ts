/**
 * Putting text into an HTML page without it being read as markup: element text and attribute
 * values are entity-escaped, and JSON placed inside a <script> element has every `<` written as
 * the JSON escape \u003c, so no value (an instrument named `</script><script>…`) can close the
 * element or open a comment. JSON.parse reads the escape back as `<`.
 */

const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => ENTITIES[character]!)
}

/** JSON safe to place between <script type="application/json"> and </script>. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c')
}

/** JavaScript source safe to place inside a <script> element: `</script` becomes `<\/script`, which means the same in a string, regular expression or comment. */
export function scriptSource(source: string): string {
  return source.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--')
}
