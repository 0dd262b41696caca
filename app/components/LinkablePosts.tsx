import type { PostStatus } from "~/db/enums";
import { StatusBadge } from "./Badges";
import { Field } from "./Field";
import { firstError, typedValue } from "./forms";
import { useT } from "./i18n";
import { LinkedIdeasPicker, type PickedPost } from "./PostPicker";
import { useHydrated } from "./useHydrated";

type PostIdsField = { errors?: string[]; initialValue?: unknown };

/**
 * The ideas a changelog entry links: the searchable picker with JavaScript; without it,
 * typed numbers beside the list of ideas that can be linked.
 */
export function LinkedIdeasField({
  field,
  initial,
  linkable,
}: {
  field: PostIdsField;
  initial: PickedPost[];
  linkable: { id: number; title: string; status: string }[];
}) {
  const t = useT();
  const hydrated = useHydrated();
  if (hydrated) {
    return (
      <>
        <LinkedIdeasPicker name="postIds" initial={initial} describedBy="postIds-error" />
        {field.errors ? (
          <p id="postIds-error" role="alert" className="text-sm text-danger">
            {t(firstError(field.errors)!)}
          </p>
        ) : null}
      </>
    );
  }
  return (
    <>
      <Field name="postIds" label={t("changelog.admin.postIds")} hint={t("changelog.admin.postIdsHint")} error={firstError(field.errors)}>
        {(p) => <input {...p} className="input" dir="ltr" inputMode="numeric" autoComplete="off" defaultValue={typedValue(field.initialValue)} />}
      </Field>
      <LinkablePosts posts={linkable} />
    </>
  );
}

/** The ideas a changelog entry can link, with the numbers staff type into the form. */
export function LinkablePosts({ posts }: { posts: { id: number; title: string; status: string }[] }) {
  const t = useT();
  return (
    <details className="rounded-md border border-line p-3 text-sm" open>
      <summary className="cursor-pointer font-medium">{t("changelog.admin.linkableHeading")}</summary>
      {posts.length === 0 ? (
        <p className="mt-2 text-muted">{t("changelog.admin.noLinkable")}</p>
      ) : (
        <ul className="mt-2 max-h-64 space-y-1 overflow-y-auto" data-testid="linkable-posts">
          {posts.map((post) => (
            <li key={post.id} className="flex items-center gap-2">
              <IdeaLine post={post} />
            </li>
          ))}
        </ul>
      )}
    </details>
  );
}

/** An idea as one line of a staff list: its number, its title, its status. */
export function IdeaLine({ post }: { post: { id: number; title: string; status: string } }) {
  return (
    <>
      <code dir="ltr" className="min-w-12 text-muted">
        #{post.id}
      </code>
      <span className="min-w-0 flex-1 truncate" dir="auto">
        {post.title}
      </span>
      <StatusBadge status={post.status as PostStatus} />
    </>
  );
}
