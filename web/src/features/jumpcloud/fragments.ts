import { graphql } from '../../gql';

/** Everything the JumpCloud screen shows about the connection; every operation of the screen reads it. */
export const JumpCloudConnectionFields = graphql(`
  fragment JumpCloudConnectionFields on JumpCloudConnection {
    id
    providerId
    apiKeyLast4
    status
    lastError
    lastPolledAt
    polling
    pollIntervalMinutes
    countedUserStates
    excludedUserStates
    alertsPolledAt
    alertsError
    lastResult {
      startedAt
      finishedAt
      complete
      organizationsListed
      countsRecorded
      countsFailed
      organizationsDeactivated
      failures {
        organizationId
        name
        message
      }
    }
  }
`);
