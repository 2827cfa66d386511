// The pure domain core of sfn-lens: types, parsing, the join, the verdict rules, remediation text.
export * from './types';
export * from './arn';
export * from './time-window';
export * from './logging-facts';
export * from './log-events';
export * from './log-record';
export * from './neighbour-stats';
export * from './insights-queries';
export * from './filter-patterns';
export * from './join';
export * from './remediation';
export * from './health';
export * from './verdict';
export { sideOfRead, classifyRead, type ReadSide, type ReadFailure } from './verdict-context';
export { parsePolicyDocument, evaluateActions, actionMatches } from './iam-policy';
