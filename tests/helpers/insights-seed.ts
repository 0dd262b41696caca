// Survey answers for the insights page's tests, written beside a running server: six
// respondents answer an NPS, a CES and a CSAT survey, one a week over the last six weeks,
// so the metrics have weeks to draw whatever computes them.
import { openDatabase } from "~/db/client.server";
import { readRow } from "./db-read";
import type { RunningServer } from "./server";
import { signUpOverHttp } from "./site-http";

const WEEK = 7 * 86_400_000;
const SCORES = {
  nps: [10, 9, 7, 3, 10, 6],
  ces: [7, 6, 5, 2, 7, 6],
  csat: [5, 4, 3, 1, 5, 4],
} as const;

export async function seedSurveyAnswers(server: RunningServer): Promise<void> {
  const userIds: number[] = [];
  for (let i = 0; i < 6; i++) {
    const email = `respondent${i}@example.test`;
    await signUpOverHttp(server, `Respondent ${i}`, email);
    userIds.push(readRow<{ id: number }>(server.databasePath, "SELECT id FROM users WHERE email = ?", email)!.id);
  }
  // Opened as the app opens it: the verbatims' search triggers call its SQL functions.
  const db = openDatabase(server.databasePath, { migrate: false }).$client;
  try {
    const now = Date.now();
    const survey = db.prepare("INSERT INTO surveys (name, kind) VALUES (?, ?) RETURNING id");
    const answer = db.prepare(
      "INSERT INTO survey_answers (survey_id, kind, user_id, score, channel, locale, answered_at) VALUES (?, ?, ?, ?, 'email', 'en', ?)",
    );
    for (const [kind, scores] of Object.entries(SCORES)) {
      const { id } = survey.get(`Seeded ${kind}`, kind) as { id: number };
      userIds.forEach((userId, i) => answer.run(id, kind, userId, scores[i], now - (i + 0.5) * WEEK));
    }
  } finally {
    db.close();
  }
}
