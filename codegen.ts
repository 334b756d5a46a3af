/**
 * GraphQL Code Generator: typed documents for the client kit in examples/, from the committed API schema.
 * `npm run schema:update` runs it (and writes the trusted-documents manifest from the documents it generates);
 * `npx graphql-codegen` runs it alone. The output is committed, so nobody needs to generate to build.
 */
import type { CodegenConfig } from '@graphql-codegen/cli';

export const CLIENT_KIT_OUTPUT = 'examples/generated/';

const config: CodegenConfig = {
  schema: 'schema/api.graphql',
  documents: ['examples/operations/*.graphql'],
  ignoreNoDocuments: false,
  generates: {
    [CLIENT_KIT_OUTPUT]: {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        // Plain strings instead of parsed ASTs: the client posts the text, or only its sha256 (trusted documents).
        documentMode: 'string',
        importExtension: '.ts',
        useTypeImports: true,
        enumsAsTypes: true,
        strictScalars: true,
        scalars: { ID: 'string' },
        avoidOptionals: false,
      },
    },
  },
};

export default config;
