/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
export type AlertEventStatus =
  | 'FAILED'
  | 'NOT_TICKETED'
  | 'PENDING'
  | 'RECORDED'
  | 'TICKETED';

/** Which gate kept an alert from opening a ticket. */
export type AlertNotTicketedReason =
  | 'ALERT_TYPE_OFF'
  | 'AUTOMATED_TICKETING_OFF'
  | 'INTEGRATION_DISABLED'
  | 'INTEGRATION_NOT_CONFIGURED'
  | 'ORGANIZATION_NOT_MAPPED';

/** What a recurring alert does. ONE_TICKET_PER_EVENT: every event opens its own ticket. */
export type AlertRecurrence =
  | 'ONE_TICKET_PER_EVENT';

/** One alert type's settings; the whole setting is replaced. */
export type AlertSettingInput = {
  alertType: AlertType;
  createTickets: boolean;
  /** 0 to 365. */
  dueDays: number;
  /** A priority id from alertTicketOptions, or null for None. */
  priorityId?: number | null | undefined;
  /** Default ONE_TICKET_PER_EVENT. */
  recurrence?: AlertRecurrence | null | undefined;
  /** A source id from alertTicketOptions, or null for none. */
  sourceId?: number | null | undefined;
};

/** A security alert that can open a ConnectWise ticket. */
export type AlertType =
  | 'DISK_ENCRYPTION_KEY_DECRYPTED'
  | 'USER_ADMIN_ACCESS_GRANTED'
  | 'USER_LOCKOUT'
  | 'USER_PASSWORD_EXPIRED';

/** What the MSP enters to connect ConnectWise Manage. */
export type ConnectWiseIntegrationInput = {
  /** The company ID used to log in to ConnectWise Manage. */
  companyId: string;
  privateKey: string;
  publicKey: string;
  /** Base URL without https://, e.g. api-na.myconnectwise.net. */
  site: string;
};

/** New keys (and optionally a new site or company ID); omitted fields keep their saved value. */
export type ConnectWiseIntegrationUpdateInput = {
  companyId?: string | null | undefined;
  privateKey: string;
  publicKey: string;
  site?: string | null | undefined;
};

export type IntegrationStatus =
  | 'CONNECTED'
  | 'FAILING';

export type JumpCloudConnectionStatus =
  | 'CONNECTED'
  | 'FAILING';

export type MappingInput = {
  additionId: number;
  agreementId: number;
  companyId: number;
  organizationId: string | number;
};

export type OrganizationFilter = {
  active?: boolean | null | undefined;
  /** Only organizations with (true) or without (false) a ConnectWise mapping. */
  mapped?: boolean | null | undefined;
  /** Case-insensitive part of the name or external id. */
  search?: string | null | undefined;
};

/** What an admin may do; BILLING is needed for every integration. */
export type Role =
  | 'ADMIN'
  | 'BILLING';

export type SyncOutcome =
  | 'FAILED'
  | 'SKIPPED'
  | 'UNCHANGED'
  | 'UPDATED';

export type SyncRunStatus =
  | 'FAILED'
  | 'PARTIAL'
  | 'QUEUED'
  | 'RUNNING'
  | 'SUCCEEDED';

export type SyncTrigger =
  | 'MANUAL'
  | 'RETRY'
  | 'SCHEDULE';

export type ShellViewerQueryVariables = Exact<{ [key: string]: never; }>;


export type ShellViewerQuery = { __typename: 'Query', viewer: { __typename: 'Admin', id: string, email: string, provider: { __typename: 'Provider', id: string, name: string } } };

export type EndBrowserSessionMutationVariables = Exact<{ [key: string]: never; }>;


export type EndBrowserSessionMutation = { __typename: 'Mutation', endBrowserSession: boolean };

export type AuditLogQueryVariables = Exact<{
  first: number;
  after?: string | null | undefined;
}>;


export type AuditLogQuery = { __typename: 'Query', auditLog: { __typename: 'AuditEntryConnection', totalCount: number, hasNextPage: boolean, endCursor: string | null, nodes: Array<{ __typename: 'AuditEntry', id: string, action: string, details: Record<string, unknown>, createdAt: string, actor: { __typename: 'Admin', id: string, email: string } | null }> } };

export type StartBrowserSessionMutationVariables = Exact<{ [key: string]: never; }>;


export type StartBrowserSessionMutation = { __typename: 'Mutation', startBrowserSession: { __typename: 'CreatedApiToken', token: string } };

export type CompanyTypesQueryVariables = Exact<{ [key: string]: never; }>;


export type CompanyTypesQuery = { __typename: 'Query', companyTypes: Array<{ __typename: 'ConnectWiseCompanyType', id: number, name: string }>, billableCompanyTypes: { __typename: 'BillableCompanyTypes', isDefault: boolean, types: Array<{ __typename: 'ConnectWiseCompanyType', id: number, name: string }> } };

export type SetBillableCompanyTypesMutationVariables = Exact<{
  ids: Array<number> | number;
}>;


export type SetBillableCompanyTypesMutation = { __typename: 'Mutation', setBillableCompanyTypes: Array<{ __typename: 'ConnectWiseCompanyType', id: number, name: string }> };

export type VerifyAndSaveConnectWiseMutationVariables = Exact<{
  input: ConnectWiseIntegrationInput;
}>;


export type VerifyAndSaveConnectWiseMutation = { __typename: 'Mutation', verifyAndSaveConnectWiseIntegration: { __typename: 'ConnectWiseIntegration', id: string, site: string, companyId: string, status: IntegrationStatus } };

export type VerifyAndUpdateConnectWiseMutationVariables = Exact<{
  input: ConnectWiseIntegrationUpdateInput;
}>;


export type VerifyAndUpdateConnectWiseMutation = { __typename: 'Mutation', verifyAndUpdateConnectWiseIntegration: { __typename: 'ConnectWiseIntegration', id: string, site: string, companyId: string, status: IntegrationStatus } };

export type DisableConnectWiseMutationVariables = Exact<{ [key: string]: never; }>;


export type DisableConnectWiseMutation = { __typename: 'Mutation', disableConnectWiseIntegration: boolean };

export type IntegrationHealthQueryVariables = Exact<{ [key: string]: never; }>;


export type IntegrationHealthQuery = { __typename: 'Query', connectWiseIntegration: { __typename: 'ConnectWiseIntegration', id: string, status: IntegrationStatus, lastError: string | null } | null, jumpCloudConnection: { __typename: 'JumpCloudConnection', id: string, status: JumpCloudConnectionStatus, lastError: string | null } | null };

export type ConnectWiseIntegrationQueryVariables = Exact<{ [key: string]: never; }>;


export type ConnectWiseIntegrationQuery = { __typename: 'Query', connectWiseIntegration: { __typename: 'ConnectWiseIntegration', id: string, site: string, companyId: string, codebase: string, publicKeyLast4: string, privateKeySet: boolean, status: IntegrationStatus, lastError: string | null, lastVerifiedAt: string, createdAt: string, updatedAt: string, createdBy: { __typename: 'Admin', id: string, email: string } | null, updatedBy: { __typename: 'Admin', id: string, email: string } | null } | null };

export type JumpCloudConnectionCardQueryVariables = Exact<{ [key: string]: never; }>;


export type JumpCloudConnectionCardQuery = { __typename: 'Query', jumpCloudConnection: { __typename: 'JumpCloudConnection', id: string, providerId: string, apiKeyLast4: string, status: JumpCloudConnectionStatus, lastError: string | null, lastPolledAt: string | null } | null };

export type CompaniesOrganizationsQueryVariables = Exact<{
  first: number;
  after?: string | null | undefined;
  filter?: OrganizationFilter | null | undefined;
}>;


export type CompaniesOrganizationsQuery = { __typename: 'Query', connectWiseIntegration: { __typename: 'ConnectWiseIntegration', id: string } | null, organizations: { __typename: 'OrganizationConnection', totalCount: number, hasNextPage: boolean, endCursor: string | null, nodes: Array<{ __typename: 'Organization', id: string, name: string, externalId: string, costPerSeat: number, highWatermark: number | null, mapping: { __typename: 'Mapping', id: string, companyId: number, companyName: string, agreementId: number, agreementName: string, additionId: number, additionName: string, lastSyncedAt: string | null, lastSyncStatus: string | null, lastError: string | null, needsAttention: boolean } | null }> } };

export type DisableMappingMutationVariables = Exact<{
  organizationId: string | number;
}>;


export type DisableMappingMutation = { __typename: 'Mutation', disableMapping: boolean };

export type ConnectWiseCompaniesQueryVariables = Exact<{
  search?: string | null | undefined;
  first: number;
  after?: string | null | undefined;
}>;


export type ConnectWiseCompaniesQuery = { __typename: 'Query', connectWiseCompanies: { __typename: 'ConnectWiseCompanyConnection', hasNextPage: boolean, endCursor: string | null, nodes: Array<{ __typename: 'ConnectWiseCompany', id: number, name: string, identifier: string }>, skipped: Array<{ __typename: 'SkippedConnectWiseRow', index: number, id: number | null, reason: string }> } };

export type OrganizationSuggestionsQueryVariables = Exact<{
  id: string | number;
}>;


export type OrganizationSuggestionsQuery = { __typename: 'Query', organization: { __typename: 'Organization', id: string, companySuggestions: Array<{ __typename: 'CompanySuggestion', score: number, company: { __typename: 'ConnectWiseCompany', id: number, name: string, identifier: string } }> } };

export type ConnectWiseAgreementsQueryVariables = Exact<{
  companyId: number;
}>;


export type ConnectWiseAgreementsQuery = { __typename: 'Query', connectWiseAgreements: { __typename: 'ConnectWiseAgreementList', nodes: Array<{ __typename: 'ConnectWiseAgreement', id: number, name: string, type: string | null, status: string | null, selectable: boolean }>, skipped: Array<{ __typename: 'SkippedConnectWiseRow', index: number, id: number | null, reason: string }> } };

export type ConnectWiseAdditionsQueryVariables = Exact<{
  agreementId: number;
}>;


export type ConnectWiseAdditionsQuery = { __typename: 'Query', connectWiseAdditions: { __typename: 'ConnectWiseAdditionList', nodes: Array<{ __typename: 'ConnectWiseAddition', id: number, productIdentifier: string | null, description: string | null, quantity: number | null, unitCost: number | null, cancelled: boolean }>, skipped: Array<{ __typename: 'SkippedConnectWiseRow', index: number, id: number | null, reason: string }> } };

export type SaveMappingMutationVariables = Exact<{
  mappings: Array<MappingInput> | MappingInput;
}>;


export type SaveMappingMutation = { __typename: 'Mutation', saveMappings: Array<{ __typename: 'Mapping', id: string, companyId: number, companyName: string, agreementId: number, agreementName: string, additionId: number, additionName: string }> };

export type ServerTimeSubscriptionVariables = Exact<{ [key: string]: never; }>;


export type ServerTimeSubscription = { serverTime: string };

export type StatusViewerQueryVariables = Exact<{ [key: string]: never; }>;


export type StatusViewerQuery = { __typename: 'Query', viewer: { __typename: 'Admin', id: string, email: string, roles: Array<Role> } };

export type SyncRunsQueryVariables = Exact<{
  first: number;
  after?: string | null | undefined;
}>;


export type SyncRunsQuery = { __typename: 'Query', connectWiseIntegration: { __typename: 'ConnectWiseIntegration', id: string } | null, syncRuns: { __typename: 'SyncRunConnection', totalCount: number, hasNextPage: boolean, endCursor: string | null, nodes: Array<{ __typename: 'SyncRun', id: string, trigger: SyncTrigger, month: string, status: SyncRunStatus, total: number, updated: number, unchanged: number, skipped: number, failed: number, createdAt: string, startedAt: string | null, finishedAt: string | null }> } };

export type SyncNowMutationVariables = Exact<{ [key: string]: never; }>;


export type SyncNowMutation = { __typename: 'Mutation', syncNow: { __typename: 'SyncRun', id: string, trigger: SyncTrigger, month: string, status: SyncRunStatus, total: number, updated: number, unchanged: number, skipped: number, failed: number, createdAt: string, startedAt: string | null, finishedAt: string | null } };

export type SyncRunProgressSubscriptionVariables = Exact<{ [key: string]: never; }>;


export type SyncRunProgressSubscription = { syncRunUpdated: { __typename: 'SyncRunUpdate', run: { __typename: 'SyncRun', id: string, trigger: SyncTrigger, month: string, status: SyncRunStatus, total: number, updated: number, unchanged: number, skipped: number, failed: number, createdAt: string, startedAt: string | null, finishedAt: string | null } } };

export type PreviewSyncQueryVariables = Exact<{ [key: string]: never; }>;


export type PreviewSyncQuery = { __typename: 'Query', previewSync: Array<{ __typename: 'SyncPreviewRow', organizationId: string, organizationName: string, outcome: SyncOutcome, previousQuantity: number | null, newQuantity: number | null, previousUnitCost: number | null, newUnitCost: number | null, reason: string | null, drift: string | null }> };

export type SyncRunDetailsQueryVariables = Exact<{
  id: string | number;
  outcome?: SyncOutcome | null | undefined;
  first: number;
}>;


export type SyncRunDetailsQuery = { __typename: 'Query', syncRun: { __typename: 'SyncRun', id: string, trigger: SyncTrigger, month: string, status: SyncRunStatus, total: number, updated: number, unchanged: number, skipped: number, failed: number, error: string | null, createdAt: string, startedAt: string | null, finishedAt: string | null, requestedBy: { __typename: 'Admin', id: string, email: string } | null, results: { __typename: 'SyncResultConnection', totalCount: number, hasNextPage: boolean, nodes: Array<{ __typename: 'SyncResult', id: string, organizationName: string, outcome: SyncOutcome, previousQuantity: number | null, newQuantity: number | null, previousUnitCost: number | null, newUnitCost: number | null, reason: string | null, drift: string | null, errorKind: string | null }> } } };

export type AlertEventsQueryVariables = Exact<{
  first: number;
  after?: string | null | undefined;
}>;


export type AlertEventsQuery = { __typename: 'Query', alertEvents: { __typename: 'AlertEventConnection', totalCount: number, hasNextPage: boolean, endCursor: string | null, nodes: Array<{ __typename: 'AlertEvent', id: string, subject: string, occurredAt: string, status: AlertEventStatus, ticketId: number | null, ticketedAt: string | null, error: string | null, notTicketedReason: AlertNotTicketedReason | null, attempts: number, nextAttemptAt: string | null, alert: { __typename: 'AlertDefinition', id: AlertType, name: string }, organization: { __typename: 'Organization', id: string, name: string } }> } };

export type AlertEventUpdatedSubscriptionVariables = Exact<{ [key: string]: never; }>;


export type AlertEventUpdatedSubscription = { alertEventUpdated: { __typename: 'AlertEvent', id: string, subject: string, occurredAt: string, status: AlertEventStatus, ticketId: number | null, ticketedAt: string | null, error: string | null, notTicketedReason: AlertNotTicketedReason | null, attempts: number, nextAttemptAt: string | null, alert: { __typename: 'AlertDefinition', id: AlertType, name: string }, organization: { __typename: 'Organization', id: string, name: string } } };

export type RetryAlertMutationVariables = Exact<{
  id: string | number;
}>;


export type RetryAlertMutation = { __typename: 'Mutation', retryAlert: { __typename: 'AlertEvent', id: string, status: AlertEventStatus, attempts: number, nextAttemptAt: string | null, error: string | null } };

export type AlertTicketOptionsQueryVariables = Exact<{ [key: string]: never; }>;


export type AlertTicketOptionsQuery = { __typename: 'Query', alertTicketOptions: { __typename: 'AlertTicketOptions', maxDueDays: number, priorities: Array<{ __typename: 'TicketOption', id: number, name: string, isDefault: boolean }>, sources: Array<{ __typename: 'TicketOption', id: number, name: string, isDefault: boolean }> } };

export type SaveAlertSettingMutationVariables = Exact<{
  settings: Array<AlertSettingInput> | AlertSettingInput;
}>;


export type SaveAlertSettingMutation = { __typename: 'Mutation', saveAlertSettings: { __typename: 'TicketingSettings', automatedTicketing: boolean, alerts: Array<{ __typename: 'AlertSetting', createTickets: boolean, dueDays: number, recurrence: AlertRecurrence, updatedAt: string | null, alert: { __typename: 'AlertDefinition', id: AlertType }, priority: { __typename: 'TicketOptionRef', id: number, name: string } | null, source: { __typename: 'TicketOptionRef', id: number, name: string } | null }> } };

export type TicketingSettingsQueryVariables = Exact<{ [key: string]: never; }>;


export type TicketingSettingsQuery = { __typename: 'Query', connectWiseIntegration: { __typename: 'ConnectWiseIntegration', id: string } | null, ticketingSettings: { __typename: 'TicketingSettings', automatedTicketing: boolean, updatedAt: string | null, alerts: Array<{ __typename: 'AlertSetting', createTickets: boolean, dueDays: number, recurrence: AlertRecurrence, updatedAt: string | null, alert: { __typename: 'AlertDefinition', id: AlertType, name: string, description: string, category: string }, priority: { __typename: 'TicketOptionRef', id: number, name: string } | null, source: { __typename: 'TicketOptionRef', id: number, name: string } | null }> } };

export type SetAutomatedTicketingMutationVariables = Exact<{
  enabled: boolean;
}>;


export type SetAutomatedTicketingMutation = { __typename: 'Mutation', setAutomatedTicketing: { __typename: 'TicketingSettings', automatedTicketing: boolean, updatedAt: string | null } };


export const ShellViewerDocument = {"__meta__":{"hash":"sha256:43185a5262e41659e305593eb277313b86b3be7e95b777a84d9b2aa7a5bae923"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ShellViewer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"viewer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"email"}},{"kind":"Field","name":{"kind":"Name","value":"provider"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}}]} as unknown as DocumentNode<ShellViewerQuery, ShellViewerQueryVariables>;
export const EndBrowserSessionDocument = {"__meta__":{"hash":"sha256:589d17353b877907c3d0e83ad324e9feb904f7bd11460164275573abc31c0f15"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"EndBrowserSession"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"endBrowserSession"}}]}}]} as unknown as DocumentNode<EndBrowserSessionMutation, EndBrowserSessionMutationVariables>;
export const AuditLogDocument = {"__meta__":{"hash":"sha256:4bd64e9934e61be2ebb19e1feb8118be6defe8c27268485410bfdb87570c6a22"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"AuditLog"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"auditLog"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}},{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"action"}},{"kind":"Field","name":{"kind":"Name","value":"details"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"actor"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"email"}}]}}]}}]}}]}}]} as unknown as DocumentNode<AuditLogQuery, AuditLogQueryVariables>;
export const StartBrowserSessionDocument = {"__meta__":{"hash":"sha256:a9d487ce80468b1bdf3e3c2918f8bbeee8e1f6d76e4883e0c267783905a53b5f"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"StartBrowserSession"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"startBrowserSession"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"token"}}]}}]}}]} as unknown as DocumentNode<StartBrowserSessionMutation, StartBrowserSessionMutationVariables>;
export const CompanyTypesDocument = {"__meta__":{"hash":"sha256:b0d00210e5dada1f946f20bc3d402062f353df20275dfcd0563f9206a46e3b42"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"CompanyTypes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"companyTypes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"billableCompanyTypes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"isDefault"}},{"kind":"Field","name":{"kind":"Name","value":"types"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}}]} as unknown as DocumentNode<CompanyTypesQuery, CompanyTypesQueryVariables>;
export const SetBillableCompanyTypesDocument = {"__meta__":{"hash":"sha256:301be7f208f22b8b3969641bd3b1e26855aeff8211d7cf15908210df2072518e"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"SetBillableCompanyTypes"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"ids"}},"type":{"kind":"NonNullType","type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"setBillableCompanyTypes"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"ids"},"value":{"kind":"Variable","name":{"kind":"Name","value":"ids"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]} as unknown as DocumentNode<SetBillableCompanyTypesMutation, SetBillableCompanyTypesMutationVariables>;
export const VerifyAndSaveConnectWiseDocument = {"__meta__":{"hash":"sha256:b46ab4415d661c0e759c38f5f7a8431be4e4a454cf5a0464893c9702d5833a2b"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"VerifyAndSaveConnectWise"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ConnectWiseIntegrationInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"verifyAndSaveConnectWiseIntegration"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"site"}},{"kind":"Field","name":{"kind":"Name","value":"companyId"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}}]} as unknown as DocumentNode<VerifyAndSaveConnectWiseMutation, VerifyAndSaveConnectWiseMutationVariables>;
export const VerifyAndUpdateConnectWiseDocument = {"__meta__":{"hash":"sha256:41c501baf01a93231c932d17ebd3671b99de18eecc380b90906064c92225be6c"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"VerifyAndUpdateConnectWise"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ConnectWiseIntegrationUpdateInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"verifyAndUpdateConnectWiseIntegration"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"site"}},{"kind":"Field","name":{"kind":"Name","value":"companyId"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}}]} as unknown as DocumentNode<VerifyAndUpdateConnectWiseMutation, VerifyAndUpdateConnectWiseMutationVariables>;
export const DisableConnectWiseDocument = {"__meta__":{"hash":"sha256:41290f1ac4207dafc6ca922a6c25950b0335a9f4fb9eef0a99a92ec0a261e5a1"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"DisableConnectWise"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"disableConnectWiseIntegration"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"confirm"},"value":{"kind":"BooleanValue","value":true}}]}]}}]} as unknown as DocumentNode<DisableConnectWiseMutation, DisableConnectWiseMutationVariables>;
export const IntegrationHealthDocument = {"__meta__":{"hash":"sha256:6f883b994f05cc1de074784d6a31bdd7ceca46f0d8dd1eabd6c8633de428ce13"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"IntegrationHealth"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"connectWiseIntegration"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"lastError"}}]}},{"kind":"Field","name":{"kind":"Name","value":"jumpCloudConnection"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"lastError"}}]}}]}}]} as unknown as DocumentNode<IntegrationHealthQuery, IntegrationHealthQueryVariables>;
export const ConnectWiseIntegrationDocument = {"__meta__":{"hash":"sha256:b50265d40e3ab2e30552d367888438173d97a8a826a0374385e422df462754b3"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ConnectWiseIntegration"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"connectWiseIntegration"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"site"}},{"kind":"Field","name":{"kind":"Name","value":"companyId"}},{"kind":"Field","name":{"kind":"Name","value":"codebase"}},{"kind":"Field","name":{"kind":"Name","value":"publicKeyLast4"}},{"kind":"Field","name":{"kind":"Name","value":"privateKeySet"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"lastError"}},{"kind":"Field","name":{"kind":"Name","value":"lastVerifiedAt"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"createdBy"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"email"}}]}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedBy"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"email"}}]}}]}}]}}]} as unknown as DocumentNode<ConnectWiseIntegrationQuery, ConnectWiseIntegrationQueryVariables>;
export const JumpCloudConnectionCardDocument = {"__meta__":{"hash":"sha256:1889c504bac4e84ebca221654a2e9c6247942dea53c5c2fc54b5827e16f4f2ff"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"JumpCloudConnectionCard"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"jumpCloudConnection"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"providerId"}},{"kind":"Field","name":{"kind":"Name","value":"apiKeyLast4"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"lastError"}},{"kind":"Field","name":{"kind":"Name","value":"lastPolledAt"}}]}}]}}]} as unknown as DocumentNode<JumpCloudConnectionCardQuery, JumpCloudConnectionCardQueryVariables>;
export const CompaniesOrganizationsDocument = {"__meta__":{"hash":"sha256:492b60e6a333893129087c0f16f458620b613b816014e644fc616852792bc09e"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"CompaniesOrganizations"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"OrganizationFilter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"connectWiseIntegration"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"Field","name":{"kind":"Name","value":"organizations"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}},{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"externalId"}},{"kind":"Field","name":{"kind":"Name","value":"costPerSeat"}},{"kind":"Field","name":{"kind":"Name","value":"highWatermark"}},{"kind":"Field","name":{"kind":"Name","value":"mapping"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"companyId"}},{"kind":"Field","name":{"kind":"Name","value":"companyName"}},{"kind":"Field","name":{"kind":"Name","value":"agreementId"}},{"kind":"Field","name":{"kind":"Name","value":"agreementName"}},{"kind":"Field","name":{"kind":"Name","value":"additionId"}},{"kind":"Field","name":{"kind":"Name","value":"additionName"}},{"kind":"Field","name":{"kind":"Name","value":"lastSyncedAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastSyncStatus"}},{"kind":"Field","name":{"kind":"Name","value":"lastError"}},{"kind":"Field","name":{"kind":"Name","value":"needsAttention"}}]}}]}}]}}]}}]} as unknown as DocumentNode<CompaniesOrganizationsQuery, CompaniesOrganizationsQueryVariables>;
export const DisableMappingDocument = {"__meta__":{"hash":"sha256:bb4a4d538c1af3d46b54d4d039e7ae5706e4d8910a248904eb3a85092ea4cad7"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"DisableMapping"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"organizationId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"disableMapping"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"organizationId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"organizationId"}}}]}]}}]} as unknown as DocumentNode<DisableMappingMutation, DisableMappingMutationVariables>;
export const ConnectWiseCompaniesDocument = {"__meta__":{"hash":"sha256:49a99cf7cd9fb0aeb6a9cc15f17bc8873c63fdef7147e3493106e30ab7a60ead"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ConnectWiseCompanies"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"search"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"connectWiseCompanies"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"search"},"value":{"kind":"Variable","name":{"kind":"Name","value":"search"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"identifier"}}]}},{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}},{"kind":"Field","name":{"kind":"Name","value":"skipped"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"index"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}}]}}]}}]}}]} as unknown as DocumentNode<ConnectWiseCompaniesQuery, ConnectWiseCompaniesQueryVariables>;
export const OrganizationSuggestionsDocument = {"__meta__":{"hash":"sha256:f1ec620b0c4561dbb96579ab65a4e4926c8a14a5104e8b11784f3d98bebe2820"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"OrganizationSuggestions"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"organization"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"companySuggestions"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"5"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"score"}},{"kind":"Field","name":{"kind":"Name","value":"company"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"identifier"}}]}}]}}]}}]}}]} as unknown as DocumentNode<OrganizationSuggestionsQuery, OrganizationSuggestionsQueryVariables>;
export const ConnectWiseAgreementsDocument = {"__meta__":{"hash":"sha256:b9d852148f2c35648cc73179ef024ebf9ba4543a56380784b20e281f008f3241"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ConnectWiseAgreements"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"companyId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"connectWiseAgreements"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"companyId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"companyId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"selectable"}}]}},{"kind":"Field","name":{"kind":"Name","value":"skipped"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"index"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}}]}}]}}]}}]} as unknown as DocumentNode<ConnectWiseAgreementsQuery, ConnectWiseAgreementsQueryVariables>;
export const ConnectWiseAdditionsDocument = {"__meta__":{"hash":"sha256:652ba650d051e6ea4da92ed41d347c7ead9546d8a85862cdfc369205578bbaa9"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ConnectWiseAdditions"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"agreementId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"connectWiseAdditions"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"agreementId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"agreementId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"productIdentifier"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"quantity"}},{"kind":"Field","name":{"kind":"Name","value":"unitCost"}},{"kind":"Field","name":{"kind":"Name","value":"cancelled"}}]}},{"kind":"Field","name":{"kind":"Name","value":"skipped"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"index"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}}]}}]}}]}}]} as unknown as DocumentNode<ConnectWiseAdditionsQuery, ConnectWiseAdditionsQueryVariables>;
export const SaveMappingDocument = {"__meta__":{"hash":"sha256:848ad1c1b54ea067bdf962107e8e5bd371b290c3e533cbd0c24548f87c310f98"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"SaveMapping"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"mappings"}},"type":{"kind":"NonNullType","type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"MappingInput"}}}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"saveMappings"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"mappings"},"value":{"kind":"Variable","name":{"kind":"Name","value":"mappings"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"companyId"}},{"kind":"Field","name":{"kind":"Name","value":"companyName"}},{"kind":"Field","name":{"kind":"Name","value":"agreementId"}},{"kind":"Field","name":{"kind":"Name","value":"agreementName"}},{"kind":"Field","name":{"kind":"Name","value":"additionId"}},{"kind":"Field","name":{"kind":"Name","value":"additionName"}}]}}]}}]} as unknown as DocumentNode<SaveMappingMutation, SaveMappingMutationVariables>;
export const ServerTimeDocument = {"__meta__":{"hash":"sha256:9b6d47a7981d59135e67ce2e0ce2b47b3d5471e60dfe512ee0b1c71fe3729613"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"ServerTime"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"serverTime"}}]}}]} as unknown as DocumentNode<ServerTimeSubscription, ServerTimeSubscriptionVariables>;
export const StatusViewerDocument = {"__meta__":{"hash":"sha256:31d938bde523842e5f37d0e3852810191faf77040d98f1367554430c2ae71fe6"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"StatusViewer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"viewer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"email"}},{"kind":"Field","name":{"kind":"Name","value":"roles"}}]}}]}}]} as unknown as DocumentNode<StatusViewerQuery, StatusViewerQueryVariables>;
export const SyncRunsDocument = {"__meta__":{"hash":"sha256:f8cd54ee9781a1a47e127c089316556463e9f2cdbeee2e2210d685b559db9a3b"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"SyncRuns"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"connectWiseIntegration"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"Field","name":{"kind":"Name","value":"syncRuns"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}},{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"trigger"}},{"kind":"Field","name":{"kind":"Name","value":"month"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"total"}},{"kind":"Field","name":{"kind":"Name","value":"updated"}},{"kind":"Field","name":{"kind":"Name","value":"unchanged"}},{"kind":"Field","name":{"kind":"Name","value":"skipped"}},{"kind":"Field","name":{"kind":"Name","value":"failed"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"startedAt"}},{"kind":"Field","name":{"kind":"Name","value":"finishedAt"}}]}}]}}]}}]} as unknown as DocumentNode<SyncRunsQuery, SyncRunsQueryVariables>;
export const SyncNowDocument = {"__meta__":{"hash":"sha256:5c8269249c5f963ab9741564d87cb11fd4659cf0caa94ee9a154232424def680"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"SyncNow"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"syncNow"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"trigger"}},{"kind":"Field","name":{"kind":"Name","value":"month"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"total"}},{"kind":"Field","name":{"kind":"Name","value":"updated"}},{"kind":"Field","name":{"kind":"Name","value":"unchanged"}},{"kind":"Field","name":{"kind":"Name","value":"skipped"}},{"kind":"Field","name":{"kind":"Name","value":"failed"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"startedAt"}},{"kind":"Field","name":{"kind":"Name","value":"finishedAt"}}]}}]}}]} as unknown as DocumentNode<SyncNowMutation, SyncNowMutationVariables>;
export const SyncRunProgressDocument = {"__meta__":{"hash":"sha256:80ae0ee3e5e4a2eb5d5893f6af6339e231708252856e5e88d6f1fe833f9777ec"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"SyncRunProgress"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"syncRunUpdated"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"run"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"trigger"}},{"kind":"Field","name":{"kind":"Name","value":"month"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"total"}},{"kind":"Field","name":{"kind":"Name","value":"updated"}},{"kind":"Field","name":{"kind":"Name","value":"unchanged"}},{"kind":"Field","name":{"kind":"Name","value":"skipped"}},{"kind":"Field","name":{"kind":"Name","value":"failed"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"startedAt"}},{"kind":"Field","name":{"kind":"Name","value":"finishedAt"}}]}}]}}]}}]} as unknown as DocumentNode<SyncRunProgressSubscription, SyncRunProgressSubscriptionVariables>;
export const PreviewSyncDocument = {"__meta__":{"hash":"sha256:a0259d1c9329f4303e024a60f881316953db9785ebe6856936b1d3be0cbb19ee"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"PreviewSync"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"previewSync"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"organizationId"}},{"kind":"Field","name":{"kind":"Name","value":"organizationName"}},{"kind":"Field","name":{"kind":"Name","value":"outcome"}},{"kind":"Field","name":{"kind":"Name","value":"previousQuantity"}},{"kind":"Field","name":{"kind":"Name","value":"newQuantity"}},{"kind":"Field","name":{"kind":"Name","value":"previousUnitCost"}},{"kind":"Field","name":{"kind":"Name","value":"newUnitCost"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}},{"kind":"Field","name":{"kind":"Name","value":"drift"}}]}}]}}]} as unknown as DocumentNode<PreviewSyncQuery, PreviewSyncQueryVariables>;
export const SyncRunDetailsDocument = {"__meta__":{"hash":"sha256:4d7735f0ca82dc0cfaadc8761538fcf5ad513fb9acafdff75342fdd54dfd6de1"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"SyncRunDetails"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"outcome"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"SyncOutcome"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"syncRun"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"trigger"}},{"kind":"Field","name":{"kind":"Name","value":"month"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"total"}},{"kind":"Field","name":{"kind":"Name","value":"updated"}},{"kind":"Field","name":{"kind":"Name","value":"unchanged"}},{"kind":"Field","name":{"kind":"Name","value":"skipped"}},{"kind":"Field","name":{"kind":"Name","value":"failed"}},{"kind":"Field","name":{"kind":"Name","value":"error"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"startedAt"}},{"kind":"Field","name":{"kind":"Name","value":"finishedAt"}},{"kind":"Field","name":{"kind":"Name","value":"requestedBy"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"email"}}]}},{"kind":"Field","name":{"kind":"Name","value":"results"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"outcome"},"value":{"kind":"Variable","name":{"kind":"Name","value":"outcome"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"organizationName"}},{"kind":"Field","name":{"kind":"Name","value":"outcome"}},{"kind":"Field","name":{"kind":"Name","value":"previousQuantity"}},{"kind":"Field","name":{"kind":"Name","value":"newQuantity"}},{"kind":"Field","name":{"kind":"Name","value":"previousUnitCost"}},{"kind":"Field","name":{"kind":"Name","value":"newUnitCost"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}},{"kind":"Field","name":{"kind":"Name","value":"drift"}},{"kind":"Field","name":{"kind":"Name","value":"errorKind"}}]}}]}}]}}]}}]} as unknown as DocumentNode<SyncRunDetailsQuery, SyncRunDetailsQueryVariables>;
export const AlertEventsDocument = {"__meta__":{"hash":"sha256:ffa5c4730a9ea179b6e4853f2376d26ebd2ef03769ff6c9a4fa01b189a090e72"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"AlertEvents"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"alertEvents"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}},{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"alert"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"subject"}},{"kind":"Field","name":{"kind":"Name","value":"occurredAt"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"ticketId"}},{"kind":"Field","name":{"kind":"Name","value":"ticketedAt"}},{"kind":"Field","name":{"kind":"Name","value":"error"}},{"kind":"Field","name":{"kind":"Name","value":"notTicketedReason"}},{"kind":"Field","name":{"kind":"Name","value":"attempts"}},{"kind":"Field","name":{"kind":"Name","value":"nextAttemptAt"}},{"kind":"Field","name":{"kind":"Name","value":"organization"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}}]}}]} as unknown as DocumentNode<AlertEventsQuery, AlertEventsQueryVariables>;
export const AlertEventUpdatedDocument = {"__meta__":{"hash":"sha256:e1c139e0c43caad788b442096aeaf6a6474198de21a8e0f3704d8ec436e5251d"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"AlertEventUpdated"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"alertEventUpdated"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"alert"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"subject"}},{"kind":"Field","name":{"kind":"Name","value":"occurredAt"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"ticketId"}},{"kind":"Field","name":{"kind":"Name","value":"ticketedAt"}},{"kind":"Field","name":{"kind":"Name","value":"error"}},{"kind":"Field","name":{"kind":"Name","value":"notTicketedReason"}},{"kind":"Field","name":{"kind":"Name","value":"attempts"}},{"kind":"Field","name":{"kind":"Name","value":"nextAttemptAt"}},{"kind":"Field","name":{"kind":"Name","value":"organization"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}}]} as unknown as DocumentNode<AlertEventUpdatedSubscription, AlertEventUpdatedSubscriptionVariables>;
export const RetryAlertDocument = {"__meta__":{"hash":"sha256:ec5c6f62ea90316ffa77d9516bc9c4accd988c7c1580afbb327ff7099ea3898c"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RetryAlert"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"retryAlert"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"attempts"}},{"kind":"Field","name":{"kind":"Name","value":"nextAttemptAt"}},{"kind":"Field","name":{"kind":"Name","value":"error"}}]}}]}}]} as unknown as DocumentNode<RetryAlertMutation, RetryAlertMutationVariables>;
export const AlertTicketOptionsDocument = {"__meta__":{"hash":"sha256:7f5819054c6e1df0c89096fdaff5db20e8465a9815b400b7570f279a7db7670f"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"AlertTicketOptions"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"alertTicketOptions"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"maxDueDays"}},{"kind":"Field","name":{"kind":"Name","value":"priorities"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"isDefault"}}]}},{"kind":"Field","name":{"kind":"Name","value":"sources"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"isDefault"}}]}}]}}]}}]} as unknown as DocumentNode<AlertTicketOptionsQuery, AlertTicketOptionsQueryVariables>;
export const SaveAlertSettingDocument = {"__meta__":{"hash":"sha256:8b9fe8849f6b52d9e7aa7404270dd386765d52bb698a4ac98183a69692d16995"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"SaveAlertSetting"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"settings"}},"type":{"kind":"NonNullType","type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"AlertSettingInput"}}}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"saveAlertSettings"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"settings"},"value":{"kind":"Variable","name":{"kind":"Name","value":"settings"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"automatedTicketing"}},{"kind":"Field","name":{"kind":"Name","value":"alerts"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"alert"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"Field","name":{"kind":"Name","value":"createTickets"}},{"kind":"Field","name":{"kind":"Name","value":"dueDays"}},{"kind":"Field","name":{"kind":"Name","value":"priority"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"source"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"recurrence"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}}]}}]}}]}}]} as unknown as DocumentNode<SaveAlertSettingMutation, SaveAlertSettingMutationVariables>;
export const TicketingSettingsDocument = {"__meta__":{"hash":"sha256:2748496d0d0c77ad0ba874d88b364e4fe383167f94ff601f43c064465f29841b"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"TicketingSettings"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"connectWiseIntegration"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"Field","name":{"kind":"Name","value":"ticketingSettings"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"automatedTicketing"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"alerts"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"alert"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"category"}}]}},{"kind":"Field","name":{"kind":"Name","value":"createTickets"}},{"kind":"Field","name":{"kind":"Name","value":"dueDays"}},{"kind":"Field","name":{"kind":"Name","value":"priority"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"source"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"recurrence"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}}]}}]}}]}}]} as unknown as DocumentNode<TicketingSettingsQuery, TicketingSettingsQueryVariables>;
export const SetAutomatedTicketingDocument = {"__meta__":{"hash":"sha256:3a3b79ac5774005480874933e92a4d8162832d892d6a87c65a0f1445fd758a15"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"SetAutomatedTicketing"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"enabled"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Boolean"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"setAutomatedTicketing"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"enabled"},"value":{"kind":"Variable","name":{"kind":"Name","value":"enabled"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"automatedTicketing"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}}]}}]}}]} as unknown as DocumentNode<SetAutomatedTicketingMutation, SetAutomatedTicketingMutationVariables>;