import { readFileSync } from 'node:fs';
import path from 'node:path';

/** The actions of the minimal IAM policy the README publishes for the dashboard. */
export function publishedReadOnlyActions(): string[] {
  const readme = readFileSync(path.resolve(__dirname, '..', '..', 'README.md'), 'utf8');
  // The README has several JSON blocks (the team section's policies come first): take the one that names the Sid.
  const block = readme.split(/^```json\n/m).slice(1).map((rest) => rest.split(/^```/m)[0] ?? '').find((b) => b.includes('"SfnLensReadOnly"'));
  if (!block) throw new Error('README.md has no JSON policy block with Sid SfnLensReadOnly');
  const policy = JSON.parse(block) as { Statement: Array<{ Action: string[] }> };
  return policy.Statement.flatMap((s) => s.Action);
}

/** Actions the simulated account recorded that the published policy does not allow. */
export function actionsOutsidePolicy(recorded: string[]): string[] {
  const allowed = new Set(publishedReadOnlyActions());
  return recorded.filter((a) => a !== 'unknown' && a !== 'error' && !allowed.has(a));
}
