// Startup integrity repair: denormalised counters on posts are brought back in line
// with the rows they count (vote rows; live public comments), e.g. after a crash or a
// manual edit. Cheap when nothing drifted: one comparing UPDATE per counter, no writes.
import { repairCounterDrift } from "~/models/posts.server";

export function repairCounters(): { votes: number; comments: number } {
  const repaired = repairCounterDrift();
  if (repaired.votes > 0 || repaired.comments > 0) {
    console.warn(`Repaired ${repaired.votes} vote counts and ${repaired.comments} comment counts`);
  }
  return repaired;
}
