import type { CodegenConfig } from '@graphql-codegen/cli';

// Paths are relative to the repository root: `pnpm codegen` runs here, and the drift test in web/
// passes `cwd` explicitly so both produce the same output.
const config: CodegenConfig = {
  schema: './schema.graphql',
  documents: ['web/src/**/*.{ts,vue}', '!web/src/gql/**'],
  ignoreNoDocuments: true,
  generates: {
    'web/src/gql/': {
      preset: 'client',
      config: {
        useTypeImports: true,
        strictScalars: true,
        // Scalars travel as JSON strings; the components decide how to parse and display them.
        scalars: { DateTimeISO: 'string', JSONObject: 'Record<string, unknown>' },
        enumType: 'string-literal',
      },
    },
  },
};

export default config;
