/** HTML that the server rendered and sanitised when the text was written. */
export function Markdown({ html, className = "" }: { html: string; className?: string }) {
  return <div dir="auto" className={`prose-cl break-words ${className}`} dangerouslySetInnerHTML={{ __html: html }} />;
}

export function Highlighted({ segments, text }: { segments: { text: string; match: boolean }[] | null; text: string }) {
  if (!segments) return <>{text}</>;
  return <>{segments.map((s, i) => (s.match ? <mark key={i}>{s.text}</mark> : <span key={i}>{s.text}</span>))}</>;
}
