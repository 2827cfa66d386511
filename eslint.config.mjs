import nextCoreWebVitals from 'eslint-config-next/core-web-vitals';
import nextTypescript from 'eslint-config-next/typescript';

const config = [
  ...nextCoreWebVitals,
  ...nextTypescript,
  {
    ignores: ['.next/**', '.next-*/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'next-env.d.ts'],
  },
  {
    // Only lib/aws imports the AWS SDK (docs/architecture.md); app/ and lib/ never import the simulator.
    files: ['app/**/*.{ts,tsx}', 'components/**/*.{ts,tsx}', 'lib/**/*.{ts,tsx}'],
    ignores: ['lib/aws/**'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['@aws-sdk/*'], message: 'Only lib/aws imports the AWS SDK.' },
          { group: ['@/sim/*', '../sim/*', '../../sim/*'], message: 'The app never knows about the simulator.' },
        ],
      }],
    },
  },
  {
    files: ['lib/aws/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{ group: ['@/sim/*', '../sim/*', '../../sim/*'], message: 'The app never knows about the simulator.' }],
      }],
    },
  },
  {
    // lib/domain is pure: no clock, no environment, no SDK, no framework (docs/architecture.md, "Boundaries").
    files: ['lib/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['@aws-sdk/*', 'next', 'next/*', 'react', 'react-dom', 'server-only', 'node:*', 'fs', 'path'], message: 'lib/domain is pure: no SDK, framework or I/O.' },
          { group: ['@/lib/aws/*', '@/lib/aws', '../aws/*', '@/sim/*'], message: 'lib/domain must not depend on lib/aws or sim.' },
        ],
      }],
      'no-restricted-globals': ['error',
        { name: 'process', message: 'lib/domain reads no environment: pass values in.' },
        { name: 'fetch', message: 'lib/domain does no I/O.' },
      ],
      'no-restricted-properties': ['error',
        { object: 'Date', property: 'now', message: 'lib/domain never reads the clock: take `now` as an argument.' },
        { object: 'Math', property: 'random', message: 'lib/domain is deterministic.' },
      ],
      'no-restricted-syntax': ['error',
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: 'lib/domain never reads the clock: take `now` as an argument.',
        },
        // No module-level mutable state (docs/architecture.md): a result depends on the arguments only,
        // never on what an earlier call left behind. Constants are `const` and never changed.
        ...['Program', 'Program > ExportNamedDeclaration'].flatMap((at) => [
          {
            selector: `${at} > VariableDeclaration[kind!='const']`,
            message: 'lib/domain keeps no module-level mutable state: no top-level let or var.',
          },
          {
            // A constant lookup declared ReadonlySet or ReadonlyMap is allowed: the type checker refuses its add, set and delete.
            selector: `${at} > VariableDeclaration > VariableDeclarator:not([id.typeAnnotation.typeAnnotation.typeName.name=/^Readonly(Set|Map)$/]) > NewExpression[callee.name=/^(Map|Set|WeakMap|WeakSet)$/]`,
            message: 'lib/domain keeps no module-level mutable state: a top-level Map or Set is declared ReadonlyMap or ReadonlySet, and there is no top-level WeakMap or WeakSet.',
          },
          {
            selector: `${at} > VariableDeclaration > VariableDeclarator > Literal[regex.flags=/[gy]/]`,
            message: 'lib/domain keeps no module-level mutable state: a top-level /g or /y regular expression keeps its lastIndex between calls.',
          },
        ]),
      ],
    },
  },
];

export default config;
