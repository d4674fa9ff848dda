/** Writes /schema.graphql from the resolvers (the committed copy is checked for drift by the tests). */
import { writeFileSync } from 'node:fs';
import { buildAppSchema, printAppSchema, SCHEMA_FILE } from '../graphql/schema.js';

writeFileSync(SCHEMA_FILE, printAppSchema(await buildAppSchema()));
console.log(`wrote ${SCHEMA_FILE}`);
