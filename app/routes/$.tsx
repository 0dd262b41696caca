// Any path no other route claims. Going through a route (rather than Remix's bare
// no-match) lets the root loader run, so the 404 page speaks the visitor's language.
export async function loader() {
  throw new Response("Not found", { status: 404 });
}

export default function NotFound() {
  return null;
}
