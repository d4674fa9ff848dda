import type { CodegenConfig } from '@graphql-codegen/cli';
import { addTypenameSelectionDocumentTransform } from '@graphql-codegen/client-preset';

// Paths are relative to the repository root: `pnpm codegen` runs here, and the drift test in web/
// passes `cwd` explicitly so both produce the same output.
const config: CodegenConfig = {
  schema: './schema.graphql',
  documents: ['web/src/**/*.{ts,vue}', '!web/src/gql/**'],
  ignoreNoDocuments: true,
  generates: {
    'web/src/gql/': {
      preset: 'client',
      // Each document gets `__meta__.hash` (sha256 of its normalized text) and persisted-documents.json lists
      // them: the server's trusted documents, which browser sessions can be limited to.
      presetConfig: { persistedDocuments: true },
      // urql's document cache adds __typename to what it sends; the trusted text must have it too.
      documentTransforms: [addTypenameSelectionDocumentTransform],
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
