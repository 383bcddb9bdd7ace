// Placeholder until its issue lands: the command exists in the table but does nothing yet.
export async function run(_args: string[]): Promise<number> {
  process.stderr.write('ponder score-steps: not built yet\n');
  return 1;
}
