/**
 * HTML that the server rendered and sanitised when the text was written. The box follows
 * the page's direction; each block inside has dir="auto" (markdown-worker) and lines up
 * with the page (tailwind.css), so a card never zig-zags.
 */
export function Markdown({ html, className = "" }: { html: string; className?: string }) {
  return <div className={`prose-cl break-words ${className}`} dangerouslySetInnerHTML={{ __html: html }} />;
}

export function Highlighted({ segments, text }: { segments?: { text: string; match: boolean }[] | null; text: string }) {
  if (!segments) return <>{text}</>;
  return <>{segments.map((s, i) => (s.match ? <mark key={i}>{s.text}</mark> : <span key={i}>{s.text}</span>))}</>;
}
