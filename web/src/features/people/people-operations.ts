import { graphql } from '../../gql';

/**
 * The People screen's one read. Every mutation answers with a Person (or ApiToken), so urql's document
 * cache refetches it after each change.
 */
export const PeopleQuery = graphql(`
  query People {
    people {
      id
      email
      roles
      active
      hasPassword
      totpEnabled
      lastSignInAt
      createdAt
      tokens {
        id
        kind
        name
        createdAt
        lastUsedAt
        expiresAt
      }
    }
  }
`);
