import { Link } from "@remix-run/react";
import { useT } from "./i18n";

/** The ideas a changelog entry shipped, as links; nothing when it linked none. */
export function ShippedIdeas({ posts, headingId, level = "h3" }: { posts: { id: number; title: string }[]; headingId: string; level?: "h2" | "h3" }) {
  const t = useT();
  if (posts.length === 0) return null;
  const Heading = level;
  return (
    <section aria-labelledby={headingId} className="space-y-1 border-t border-line pt-3">
      <Heading id={headingId} className="text-sm font-semibold">
        {t("changelog.shippedIdeas")}
      </Heading>
      <ul className="list-disc space-y-1 ps-5 text-sm">
        {posts.map((post) => (
          <li key={post.id}>
            <Link to={`/posts/${post.id}`} dir="auto">
              {post.title}
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
