// sfn-lens in the terminal and in CI. Started by bin/sfn-lens.mjs (which sets the `react-server`
// export condition and the tsx loader, so lib/ runs exactly as the app runs it). Every answer comes
// from the app's own lib/server reads: the health of `check` is the overview's shared executions view
// (loadStateMachinesHealth / readStateMachineExecutions), `diagnose` is the execution view, `executions` the
// executions view. Nothing here decides a health or a verdict.

import { HELP, UsageError, version, write } from './common';

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'check':
      return (await import('./check')).runCheck(rest);
    case 'diagnose':
      return (await import('./diagnose')).runDiagnose(rest);
    case 'executions':
      return (await import('./executions')).runExecutions(rest);
    case 'serve':
      return (await import('./serve')).runServe(rest);
    case undefined:
    case 'help':
    case '-h':
    case '--help':
      await write(HELP + '\n');
      return command === undefined ? 2 : 0;
    case '--version':
    case '-V':
      await write(`${version()}\n`);
      return 0;
    default:
      throw new UsageError(`Unknown command "${command}". Commands: check, diagnose, executions, serve (sfn-lens --help).`);
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    if (e instanceof UsageError) {
      process.stderr.write(`sfn-lens: ${e.message}\n`);
      process.exit(2);
    }
    process.stderr.write(`sfn-lens: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(2);
  },
);
