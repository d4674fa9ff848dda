import type { JumpCloudConnectionFieldsFragment } from '../../gql/graphql';

export type Connection = JumpCloudConnectionFieldsFragment;
