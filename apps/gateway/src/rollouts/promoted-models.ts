import type { Database } from '@redline/db';

/**
 * Candidates of promoted rollouts, newest promotion first (at most `limit`). The rollouts repository offers
 * active() only; the serving model after a restart is the newest promotion this gateway can serve.
 */
export async function promotedCandidates(db: Database, limit = 20): Promise<string[]> {
  const rows = await db.db.query.rollouts.findMany({
    columns: { candidateModel: true },
    where: (rollout, { eq }) => eq(rollout.stage, 'promoted'),
    orderBy: (rollout, { desc }) => [desc(rollout.updatedAt), desc(rollout.id)],
    limit,
  });
  return rows.map((row) => row.candidateModel);
}
