// What customers said, as staff record and read it: votes heard on calls, internal
// notes, and the satisfaction answers.
import { internalNoteSchema, onBehalfSchema } from "~/schemas/triage";
import { useFormat, useT } from "../i18n";
import { Markdown } from "../Markdown";
import { StaffForm } from "../StaffForm";
import { NoteFields, OnBehalfFields } from "./fields";
import { Section } from "./Section";
import { triagePath, type StaffData } from "./types";

export function OnBehalfSection({ postId, staff }: { postId: number; staff: StaffData }) {
  const t = useT();
  return (
    <Section title={t("staff.onBehalf")} id="staff-onbehalf">
      <p className="text-sm text-muted">{t("staff.onBehalfHint")}</p>
      <StaffForm action={triagePath(postId)} intent="onBehalf" schema={onBehalfSchema} className="grid gap-2 sm:grid-cols-2">
        {({ fields, busy }) => (
          <>
            <OnBehalfFields fields={fields} />
            <div>
              <button type="submit" className="btn" disabled={busy}>
                {t("staff.addVote")}
              </button>
            </div>
          </>
        )}
      </StaffForm>
      <VoterList voters={staff.voters} />
    </Section>
  );
}

/** Who voted, and which votes staff added for whom. */
function VoterList({ voters }: { voters: StaffData["voters"] }) {
  const t = useT();
  if (voters.length === 0) return null;
  return (
    <details>
      <summary className="cursor-pointer text-sm text-accent">{t("staff.voters", { count: voters.length })}</summary>
      <ul className="mt-2 space-y-1 text-sm" data-testid="voters">
        {voters.map((v) => (
          <li key={v.userId} className="flex flex-wrap gap-x-2">
            <span dir="auto" className="font-medium">
              {v.displayName}
            </span>
            <span dir="ltr" className="text-muted">
              {v.email}
            </span>
            {v.source === "on_behalf" ? (
              <span className="badge border-accent/50 text-accent" dir="auto">
                {t("staff.onBehalfBy", { name: v.addedByName ?? "?" })}
                {v.note ? ` · ${v.note}` : ""}
              </span>
            ) : null}
          </li>
        ))}
      </ul>
    </details>
  );
}

export function NotesSection({ postId, notes }: { postId: number; notes: StaffData["notes"] }) {
  const t = useT();
  const format = useFormat();
  return (
    <Section title={t("staff.notes")} id="staff-notes">
      <p className="text-sm text-muted">{t("staff.notesHint")}</p>
      <ul className="space-y-2" data-testid="internal-notes">
        {notes.map((note) => (
          <li key={note.id} className="rounded-md border border-dashed border-amber-500/60 bg-amber-500/5 p-3">
            <div className="text-xs text-muted">
              <span dir="auto">{note.authorName}</span> · {format.date(note.createdAt)}
            </div>
            <Markdown html={note.bodyHtml} />
          </li>
        ))}
      </ul>
      <StaffForm action={triagePath(postId)} intent="note" schema={internalNoteSchema} className="space-y-2">
        {({ fields, busy }) => (
          <>
            <NoteFields fields={fields} />
            <button type="submit" className="btn" disabled={busy}>
              {t("staff.saveNote")}
            </button>
          </>
        )}
      </StaffForm>
    </Section>
  );
}

/** The answers to "did this solve it?"; nothing until someone answered. */
export function CsatSection({ csat, comments }: { csat: StaffData["csat"]; comments: StaffData["csatComments"] }) {
  const t = useT();
  if (csat.total === 0) return null;
  return (
    <Section title={t("csat.question")} id="staff-csat">
      <p className="text-sm" data-testid="csat-summary">
        {t("staff.csatSummary", { yes: csat.yes, partly: csat.partly, no: csat.no })}
      </p>
      <ul className="space-y-1 text-sm">
        {comments.map((c, i) => (
          <li key={i} dir="auto">
            <span className="font-medium">{t(`csat.${c.answer}`)}:</span> {c.comment}
          </li>
        ))}
      </ul>
    </Section>
  );
}
