/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  query ShellViewer {\n    viewer {\n      id\n      email\n      provider {\n        id\n        name\n      }\n    }\n  }\n": typeof types.ShellViewerDocument,
    "\n  mutation EndBrowserSession {\n    endBrowserSession\n  }\n": typeof types.EndBrowserSessionDocument,
    "\n  query AuditLog($first: Int!, $after: String) {\n    auditLog(first: $first, after: $after) {\n      totalCount\n      hasNextPage\n      endCursor\n      nodes {\n        id\n        action\n        details\n        createdAt\n        actor {\n          id\n          email\n        }\n      }\n    }\n  }\n": typeof types.AuditLogDocument,
    "\n  mutation StartBrowserSession {\n    startBrowserSession {\n      token\n    }\n  }\n": typeof types.StartBrowserSessionDocument,
    "\n  query CompanyTypes {\n    companyTypes {\n      id\n      name\n    }\n    billableCompanyTypes {\n      isDefault\n      types {\n        id\n        name\n      }\n    }\n  }\n": typeof types.CompanyTypesDocument,
    "\n  mutation SetBillableCompanyTypes($ids: [Int!]!) {\n    setBillableCompanyTypes(ids: $ids) {\n      id\n      name\n    }\n  }\n": typeof types.SetBillableCompanyTypesDocument,
    "\n  mutation VerifyAndSaveConnectWise($input: ConnectWiseIntegrationInput!) {\n    verifyAndSaveConnectWiseIntegration(input: $input) {\n      id\n      site\n      companyId\n      status\n    }\n  }\n": typeof types.VerifyAndSaveConnectWiseDocument,
    "\n  mutation VerifyAndUpdateConnectWise($input: ConnectWiseIntegrationUpdateInput!) {\n    verifyAndUpdateConnectWiseIntegration(input: $input) {\n      id\n      site\n      companyId\n      status\n    }\n  }\n": typeof types.VerifyAndUpdateConnectWiseDocument,
    "\n  mutation DisableConnectWise {\n    disableConnectWiseIntegration(confirm: true)\n  }\n": typeof types.DisableConnectWiseDocument,
    "\n  query IntegrationHealth {\n    connectWiseIntegration {\n      id\n      status\n      lastError\n    }\n    jumpCloudConnection {\n      id\n      status\n      lastError\n    }\n  }\n": typeof types.IntegrationHealthDocument,
    "\n  query ConnectWiseIntegration {\n    connectWiseIntegration {\n      id\n      site\n      companyId\n      codebase\n      publicKeyLast4\n      privateKeySet\n      status\n      lastError\n      lastVerifiedAt\n      createdAt\n      createdBy {\n        id\n        email\n      }\n      updatedAt\n      updatedBy {\n        id\n        email\n      }\n    }\n  }\n": typeof types.ConnectWiseIntegrationDocument,
    "\n  query JumpCloudConnectionCard {\n    jumpCloudConnection {\n      id\n      providerId\n      apiKeyLast4\n      status\n      lastError\n      lastPolledAt\n    }\n  }\n": typeof types.JumpCloudConnectionCardDocument,
    "\n  query CompaniesOrganizations($first: Int!, $after: String, $filter: OrganizationFilter) {\n    connectWiseIntegration {\n      id\n    }\n    organizations(first: $first, after: $after, filter: $filter) {\n      totalCount\n      hasNextPage\n      endCursor\n      nodes {\n        id\n        name\n        externalId\n        costPerSeat\n        highWatermark\n        mapping {\n          id\n          companyId\n          companyName\n          agreementId\n          agreementName\n          additionId\n          additionName\n          lastSyncedAt\n          lastSyncStatus\n          lastError\n          needsAttention\n        }\n      }\n    }\n  }\n": typeof types.CompaniesOrganizationsDocument,
    "\n  mutation DisableMapping($organizationId: ID!) {\n    disableMapping(organizationId: $organizationId)\n  }\n": typeof types.DisableMappingDocument,
    "\n  query ConnectWiseCompanies($search: String, $first: Int!, $after: String) {\n    connectWiseCompanies(search: $search, first: $first, after: $after) {\n      nodes {\n        id\n        name\n        identifier\n      }\n      hasNextPage\n      endCursor\n      skipped {\n        index\n        id\n        reason\n      }\n    }\n  }\n": typeof types.ConnectWiseCompaniesDocument,
    "\n  query OrganizationSuggestions($id: ID!) {\n    organization(id: $id) {\n      id\n      companySuggestions(first: 5) {\n        score\n        company {\n          id\n          name\n          identifier\n        }\n      }\n    }\n  }\n": typeof types.OrganizationSuggestionsDocument,
    "\n  query ConnectWiseAgreements($companyId: Int!) {\n    connectWiseAgreements(companyId: $companyId) {\n      nodes {\n        id\n        name\n        type\n        status\n        selectable\n      }\n      skipped {\n        index\n        id\n        reason\n      }\n    }\n  }\n": typeof types.ConnectWiseAgreementsDocument,
    "\n  query ConnectWiseAdditions($agreementId: Int!) {\n    connectWiseAdditions(agreementId: $agreementId) {\n      nodes {\n        id\n        productIdentifier\n        description\n        quantity\n        unitCost\n        cancelled\n      }\n      skipped {\n        index\n        id\n        reason\n      }\n    }\n  }\n": typeof types.ConnectWiseAdditionsDocument,
    "\n  mutation SaveMapping($mappings: [MappingInput!]!) {\n    saveMappings(mappings: $mappings) {\n      id\n      companyId\n      companyName\n      agreementId\n      agreementName\n      additionId\n      additionName\n    }\n  }\n": typeof types.SaveMappingDocument,
    "\n  subscription ServerTime {\n    serverTime\n  }\n": typeof types.ServerTimeDocument,
    "\n  query StatusViewer {\n    viewer {\n      id\n      email\n      roles\n    }\n  }\n": typeof types.StatusViewerDocument,
    "\n  query SyncRuns($first: Int!, $after: String) {\n    connectWiseIntegration {\n      id\n    }\n    syncRuns(first: $first, after: $after) {\n      totalCount\n      hasNextPage\n      endCursor\n      nodes {\n        id\n        trigger\n        month\n        status\n        total\n        updated\n        unchanged\n        skipped\n        failed\n        createdAt\n        startedAt\n        finishedAt\n      }\n    }\n  }\n": typeof types.SyncRunsDocument,
    "\n  mutation SyncNow {\n    syncNow {\n      id\n      trigger\n      month\n      status\n      total\n      updated\n      unchanged\n      skipped\n      failed\n      createdAt\n      startedAt\n      finishedAt\n    }\n  }\n": typeof types.SyncNowDocument,
    "\n  subscription SyncRunProgress {\n    syncRunUpdated {\n      run {\n        id\n        trigger\n        month\n        status\n        total\n        updated\n        unchanged\n        skipped\n        failed\n        createdAt\n        startedAt\n        finishedAt\n      }\n    }\n  }\n": typeof types.SyncRunProgressDocument,
    "\n  query PreviewSync {\n    previewSync {\n      organizationId\n      organizationName\n      outcome\n      previousQuantity\n      newQuantity\n      previousUnitCost\n      newUnitCost\n      reason\n      drift\n    }\n  }\n": typeof types.PreviewSyncDocument,
    "\n  query SyncRunDetails($id: ID!, $outcome: SyncOutcome, $first: Int!) {\n    syncRun(id: $id) {\n      id\n      trigger\n      month\n      status\n      total\n      updated\n      unchanged\n      skipped\n      failed\n      error\n      createdAt\n      startedAt\n      finishedAt\n      requestedBy {\n        id\n        email\n      }\n      results(outcome: $outcome, first: $first) {\n        totalCount\n        hasNextPage\n        nodes {\n          id\n          organizationName\n          outcome\n          previousQuantity\n          newQuantity\n          previousUnitCost\n          newUnitCost\n          reason\n          drift\n          errorKind\n        }\n      }\n    }\n  }\n": typeof types.SyncRunDetailsDocument,
    "\n  query AlertEvents($first: Int!, $after: String) {\n    alertEvents(first: $first, after: $after) {\n      totalCount\n      hasNextPage\n      endCursor\n      nodes {\n        id\n        alert {\n          id\n          name\n        }\n        subject\n        occurredAt\n        status\n        ticketId\n        ticketedAt\n        error\n        notTicketedReason\n        attempts\n        nextAttemptAt\n        organization {\n          id\n          name\n        }\n      }\n    }\n  }\n": typeof types.AlertEventsDocument,
    "\n  subscription AlertEventUpdated {\n    alertEventUpdated {\n      id\n      alert {\n        id\n        name\n      }\n      subject\n      occurredAt\n      status\n      ticketId\n      ticketedAt\n      error\n      notTicketedReason\n      attempts\n      nextAttemptAt\n      organization {\n        id\n        name\n      }\n    }\n  }\n": typeof types.AlertEventUpdatedDocument,
    "\n  mutation RetryAlert($id: ID!) {\n    retryAlert(id: $id) {\n      id\n      status\n      attempts\n      nextAttemptAt\n      error\n    }\n  }\n": typeof types.RetryAlertDocument,
    "\n  query AlertTicketOptions {\n    alertTicketOptions {\n      maxDueDays\n      priorities {\n        id\n        name\n        isDefault\n      }\n      sources {\n        id\n        name\n        isDefault\n      }\n    }\n  }\n": typeof types.AlertTicketOptionsDocument,
    "\n  mutation SaveAlertSetting($settings: [AlertSettingInput!]!) {\n    saveAlertSettings(settings: $settings) {\n      automatedTicketing\n      alerts {\n        alert {\n          id\n        }\n        createTickets\n        dueDays\n        priority {\n          id\n          name\n        }\n        source {\n          id\n          name\n        }\n        recurrence\n        updatedAt\n      }\n    }\n  }\n": typeof types.SaveAlertSettingDocument,
    "\n  query TicketingSettings {\n    connectWiseIntegration {\n      id\n    }\n    ticketingSettings {\n      automatedTicketing\n      updatedAt\n      alerts {\n        alert {\n          id\n          name\n          description\n          category\n        }\n        createTickets\n        dueDays\n        priority {\n          id\n          name\n        }\n        source {\n          id\n          name\n        }\n        recurrence\n        updatedAt\n      }\n    }\n  }\n": typeof types.TicketingSettingsDocument,
    "\n  mutation SetAutomatedTicketing($enabled: Boolean!) {\n    setAutomatedTicketing(enabled: $enabled) {\n      automatedTicketing\n      updatedAt\n    }\n  }\n": typeof types.SetAutomatedTicketingDocument,
};
const documents: Documents = {
    "\n  query ShellViewer {\n    viewer {\n      id\n      email\n      provider {\n        id\n        name\n      }\n    }\n  }\n": types.ShellViewerDocument,
    "\n  mutation EndBrowserSession {\n    endBrowserSession\n  }\n": types.EndBrowserSessionDocument,
    "\n  query AuditLog($first: Int!, $after: String) {\n    auditLog(first: $first, after: $after) {\n      totalCount\n      hasNextPage\n      endCursor\n      nodes {\n        id\n        action\n        details\n        createdAt\n        actor {\n          id\n          email\n        }\n      }\n    }\n  }\n": types.AuditLogDocument,
    "\n  mutation StartBrowserSession {\n    startBrowserSession {\n      token\n    }\n  }\n": types.StartBrowserSessionDocument,
    "\n  query CompanyTypes {\n    companyTypes {\n      id\n      name\n    }\n    billableCompanyTypes {\n      isDefault\n      types {\n        id\n        name\n      }\n    }\n  }\n": types.CompanyTypesDocument,
    "\n  mutation SetBillableCompanyTypes($ids: [Int!]!) {\n    setBillableCompanyTypes(ids: $ids) {\n      id\n      name\n    }\n  }\n": types.SetBillableCompanyTypesDocument,
    "\n  mutation VerifyAndSaveConnectWise($input: ConnectWiseIntegrationInput!) {\n    verifyAndSaveConnectWiseIntegration(input: $input) {\n      id\n      site\n      companyId\n      status\n    }\n  }\n": types.VerifyAndSaveConnectWiseDocument,
    "\n  mutation VerifyAndUpdateConnectWise($input: ConnectWiseIntegrationUpdateInput!) {\n    verifyAndUpdateConnectWiseIntegration(input: $input) {\n      id\n      site\n      companyId\n      status\n    }\n  }\n": types.VerifyAndUpdateConnectWiseDocument,
    "\n  mutation DisableConnectWise {\n    disableConnectWiseIntegration(confirm: true)\n  }\n": types.DisableConnectWiseDocument,
    "\n  query IntegrationHealth {\n    connectWiseIntegration {\n      id\n      status\n      lastError\n    }\n    jumpCloudConnection {\n      id\n      status\n      lastError\n    }\n  }\n": types.IntegrationHealthDocument,
    "\n  query ConnectWiseIntegration {\n    connectWiseIntegration {\n      id\n      site\n      companyId\n      codebase\n      publicKeyLast4\n      privateKeySet\n      status\n      lastError\n      lastVerifiedAt\n      createdAt\n      createdBy {\n        id\n        email\n      }\n      updatedAt\n      updatedBy {\n        id\n        email\n      }\n    }\n  }\n": types.ConnectWiseIntegrationDocument,
    "\n  query JumpCloudConnectionCard {\n    jumpCloudConnection {\n      id\n      providerId\n      apiKeyLast4\n      status\n      lastError\n      lastPolledAt\n    }\n  }\n": types.JumpCloudConnectionCardDocument,
    "\n  query CompaniesOrganizations($first: Int!, $after: String, $filter: OrganizationFilter) {\n    connectWiseIntegration {\n      id\n    }\n    organizations(first: $first, after: $after, filter: $filter) {\n      totalCount\n      hasNextPage\n      endCursor\n      nodes {\n        id\n        name\n        externalId\n        costPerSeat\n        highWatermark\n        mapping {\n          id\n          companyId\n          companyName\n          agreementId\n          agreementName\n          additionId\n          additionName\n          lastSyncedAt\n          lastSyncStatus\n          lastError\n          needsAttention\n        }\n      }\n    }\n  }\n": types.CompaniesOrganizationsDocument,
    "\n  mutation DisableMapping($organizationId: ID!) {\n    disableMapping(organizationId: $organizationId)\n  }\n": types.DisableMappingDocument,
    "\n  query ConnectWiseCompanies($search: String, $first: Int!, $after: String) {\n    connectWiseCompanies(search: $search, first: $first, after: $after) {\n      nodes {\n        id\n        name\n        identifier\n      }\n      hasNextPage\n      endCursor\n      skipped {\n        index\n        id\n        reason\n      }\n    }\n  }\n": types.ConnectWiseCompaniesDocument,
    "\n  query OrganizationSuggestions($id: ID!) {\n    organization(id: $id) {\n      id\n      companySuggestions(first: 5) {\n        score\n        company {\n          id\n          name\n          identifier\n        }\n      }\n    }\n  }\n": types.OrganizationSuggestionsDocument,
    "\n  query ConnectWiseAgreements($companyId: Int!) {\n    connectWiseAgreements(companyId: $companyId) {\n      nodes {\n        id\n        name\n        type\n        status\n        selectable\n      }\n      skipped {\n        index\n        id\n        reason\n      }\n    }\n  }\n": types.ConnectWiseAgreementsDocument,
    "\n  query ConnectWiseAdditions($agreementId: Int!) {\n    connectWiseAdditions(agreementId: $agreementId) {\n      nodes {\n        id\n        productIdentifier\n        description\n        quantity\n        unitCost\n        cancelled\n      }\n      skipped {\n        index\n        id\n        reason\n      }\n    }\n  }\n": types.ConnectWiseAdditionsDocument,
    "\n  mutation SaveMapping($mappings: [MappingInput!]!) {\n    saveMappings(mappings: $mappings) {\n      id\n      companyId\n      companyName\n      agreementId\n      agreementName\n      additionId\n      additionName\n    }\n  }\n": types.SaveMappingDocument,
    "\n  subscription ServerTime {\n    serverTime\n  }\n": types.ServerTimeDocument,
    "\n  query StatusViewer {\n    viewer {\n      id\n      email\n      roles\n    }\n  }\n": types.StatusViewerDocument,
    "\n  query SyncRuns($first: Int!, $after: String) {\n    connectWiseIntegration {\n      id\n    }\n    syncRuns(first: $first, after: $after) {\n      totalCount\n      hasNextPage\n      endCursor\n      nodes {\n        id\n        trigger\n        month\n        status\n        total\n        updated\n        unchanged\n        skipped\n        failed\n        createdAt\n        startedAt\n        finishedAt\n      }\n    }\n  }\n": types.SyncRunsDocument,
    "\n  mutation SyncNow {\n    syncNow {\n      id\n      trigger\n      month\n      status\n      total\n      updated\n      unchanged\n      skipped\n      failed\n      createdAt\n      startedAt\n      finishedAt\n    }\n  }\n": types.SyncNowDocument,
    "\n  subscription SyncRunProgress {\n    syncRunUpdated {\n      run {\n        id\n        trigger\n        month\n        status\n        total\n        updated\n        unchanged\n        skipped\n        failed\n        createdAt\n        startedAt\n        finishedAt\n      }\n    }\n  }\n": types.SyncRunProgressDocument,
    "\n  query PreviewSync {\n    previewSync {\n      organizationId\n      organizationName\n      outcome\n      previousQuantity\n      newQuantity\n      previousUnitCost\n      newUnitCost\n      reason\n      drift\n    }\n  }\n": types.PreviewSyncDocument,
    "\n  query SyncRunDetails($id: ID!, $outcome: SyncOutcome, $first: Int!) {\n    syncRun(id: $id) {\n      id\n      trigger\n      month\n      status\n      total\n      updated\n      unchanged\n      skipped\n      failed\n      error\n      createdAt\n      startedAt\n      finishedAt\n      requestedBy {\n        id\n        email\n      }\n      results(outcome: $outcome, first: $first) {\n        totalCount\n        hasNextPage\n        nodes {\n          id\n          organizationName\n          outcome\n          previousQuantity\n          newQuantity\n          previousUnitCost\n          newUnitCost\n          reason\n          drift\n          errorKind\n        }\n      }\n    }\n  }\n": types.SyncRunDetailsDocument,
    "\n  query AlertEvents($first: Int!, $after: String) {\n    alertEvents(first: $first, after: $after) {\n      totalCount\n      hasNextPage\n      endCursor\n      nodes {\n        id\n        alert {\n          id\n          name\n        }\n        subject\n        occurredAt\n        status\n        ticketId\n        ticketedAt\n        error\n        notTicketedReason\n        attempts\n        nextAttemptAt\n        organization {\n          id\n          name\n        }\n      }\n    }\n  }\n": types.AlertEventsDocument,
    "\n  subscription AlertEventUpdated {\n    alertEventUpdated {\n      id\n      alert {\n        id\n        name\n      }\n      subject\n      occurredAt\n      status\n      ticketId\n      ticketedAt\n      error\n      notTicketedReason\n      attempts\n      nextAttemptAt\n      organization {\n        id\n        name\n      }\n    }\n  }\n": types.AlertEventUpdatedDocument,
    "\n  mutation RetryAlert($id: ID!) {\n    retryAlert(id: $id) {\n      id\n      status\n      attempts\n      nextAttemptAt\n      error\n    }\n  }\n": types.RetryAlertDocument,
    "\n  query AlertTicketOptions {\n    alertTicketOptions {\n      maxDueDays\n      priorities {\n        id\n        name\n        isDefault\n      }\n      sources {\n        id\n        name\n        isDefault\n      }\n    }\n  }\n": types.AlertTicketOptionsDocument,
    "\n  mutation SaveAlertSetting($settings: [AlertSettingInput!]!) {\n    saveAlertSettings(settings: $settings) {\n      automatedTicketing\n      alerts {\n        alert {\n          id\n        }\n        createTickets\n        dueDays\n        priority {\n          id\n          name\n        }\n        source {\n          id\n          name\n        }\n        recurrence\n        updatedAt\n      }\n    }\n  }\n": types.SaveAlertSettingDocument,
    "\n  query TicketingSettings {\n    connectWiseIntegration {\n      id\n    }\n    ticketingSettings {\n      automatedTicketing\n      updatedAt\n      alerts {\n        alert {\n          id\n          name\n          description\n          category\n        }\n        createTickets\n        dueDays\n        priority {\n          id\n          name\n        }\n        source {\n          id\n          name\n        }\n        recurrence\n        updatedAt\n      }\n    }\n  }\n": types.TicketingSettingsDocument,
    "\n  mutation SetAutomatedTicketing($enabled: Boolean!) {\n    setAutomatedTicketing(enabled: $enabled) {\n      automatedTicketing\n      updatedAt\n    }\n  }\n": types.SetAutomatedTicketingDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ShellViewer {\n    viewer {\n      id\n      email\n      provider {\n        id\n        name\n      }\n    }\n  }\n"): (typeof documents)["\n  query ShellViewer {\n    viewer {\n      id\n      email\n      provider {\n        id\n        name\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation EndBrowserSession {\n    endBrowserSession\n  }\n"): (typeof documents)["\n  mutation EndBrowserSession {\n    endBrowserSession\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AuditLog($first: Int!, $after: String) {\n    auditLog(first: $first, after: $after) {\n      totalCount\n      hasNextPage\n      endCursor\n      nodes {\n        id\n        action\n        details\n        createdAt\n        actor {\n          id\n          email\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query AuditLog($first: Int!, $after: String) {\n    auditLog(first: $first, after: $after) {\n      totalCount\n      hasNextPage\n      endCursor\n      nodes {\n        id\n        action\n        details\n        createdAt\n        actor {\n          id\n          email\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation StartBrowserSession {\n    startBrowserSession {\n      token\n    }\n  }\n"): (typeof documents)["\n  mutation StartBrowserSession {\n    startBrowserSession {\n      token\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CompanyTypes {\n    companyTypes {\n      id\n      name\n    }\n    billableCompanyTypes {\n      isDefault\n      types {\n        id\n        name\n      }\n    }\n  }\n"): (typeof documents)["\n  query CompanyTypes {\n    companyTypes {\n      id\n      name\n    }\n    billableCompanyTypes {\n      isDefault\n      types {\n        id\n        name\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetBillableCompanyTypes($ids: [Int!]!) {\n    setBillableCompanyTypes(ids: $ids) {\n      id\n      name\n    }\n  }\n"): (typeof documents)["\n  mutation SetBillableCompanyTypes($ids: [Int!]!) {\n    setBillableCompanyTypes(ids: $ids) {\n      id\n      name\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation VerifyAndSaveConnectWise($input: ConnectWiseIntegrationInput!) {\n    verifyAndSaveConnectWiseIntegration(input: $input) {\n      id\n      site\n      companyId\n      status\n    }\n  }\n"): (typeof documents)["\n  mutation VerifyAndSaveConnectWise($input: ConnectWiseIntegrationInput!) {\n    verifyAndSaveConnectWiseIntegration(input: $input) {\n      id\n      site\n      companyId\n      status\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation VerifyAndUpdateConnectWise($input: ConnectWiseIntegrationUpdateInput!) {\n    verifyAndUpdateConnectWiseIntegration(input: $input) {\n      id\n      site\n      companyId\n      status\n    }\n  }\n"): (typeof documents)["\n  mutation VerifyAndUpdateConnectWise($input: ConnectWiseIntegrationUpdateInput!) {\n    verifyAndUpdateConnectWiseIntegration(input: $input) {\n      id\n      site\n      companyId\n      status\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DisableConnectWise {\n    disableConnectWiseIntegration(confirm: true)\n  }\n"): (typeof documents)["\n  mutation DisableConnectWise {\n    disableConnectWiseIntegration(confirm: true)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query IntegrationHealth {\n    connectWiseIntegration {\n      id\n      status\n      lastError\n    }\n    jumpCloudConnection {\n      id\n      status\n      lastError\n    }\n  }\n"): (typeof documents)["\n  query IntegrationHealth {\n    connectWiseIntegration {\n      id\n      status\n      lastError\n    }\n    jumpCloudConnection {\n      id\n      status\n      lastError\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConnectWiseIntegration {\n    connectWiseIntegration {\n      id\n      site\n      companyId\n      codebase\n      publicKeyLast4\n      privateKeySet\n      status\n      lastError\n      lastVerifiedAt\n      createdAt\n      createdBy {\n        id\n        email\n      }\n      updatedAt\n      updatedBy {\n        id\n        email\n      }\n    }\n  }\n"): (typeof documents)["\n  query ConnectWiseIntegration {\n    connectWiseIntegration {\n      id\n      site\n      companyId\n      codebase\n      publicKeyLast4\n      privateKeySet\n      status\n      lastError\n      lastVerifiedAt\n      createdAt\n      createdBy {\n        id\n        email\n      }\n      updatedAt\n      updatedBy {\n        id\n        email\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query JumpCloudConnectionCard {\n    jumpCloudConnection {\n      id\n      providerId\n      apiKeyLast4\n      status\n      lastError\n      lastPolledAt\n    }\n  }\n"): (typeof documents)["\n  query JumpCloudConnectionCard {\n    jumpCloudConnection {\n      id\n      providerId\n      apiKeyLast4\n      status\n      lastError\n      lastPolledAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CompaniesOrganizations($first: Int!, $after: String, $filter: OrganizationFilter) {\n    connectWiseIntegration {\n      id\n    }\n    organizations(first: $first, after: $after, filter: $filter) {\n      totalCount\n      hasNextPage\n      endCursor\n      nodes {\n        id\n        name\n        externalId\n        costPerSeat\n        highWatermark\n        mapping {\n          id\n          companyId\n          companyName\n          agreementId\n          agreementName\n          additionId\n          additionName\n          lastSyncedAt\n          lastSyncStatus\n          lastError\n          needsAttention\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query CompaniesOrganizations($first: Int!, $after: String, $filter: OrganizationFilter) {\n    connectWiseIntegration {\n      id\n    }\n    organizations(first: $first, after: $after, filter: $filter) {\n      totalCount\n      hasNextPage\n      endCursor\n      nodes {\n        id\n        name\n        externalId\n        costPerSeat\n        highWatermark\n        mapping {\n          id\n          companyId\n          companyName\n          agreementId\n          agreementName\n          additionId\n          additionName\n          lastSyncedAt\n          lastSyncStatus\n          lastError\n          needsAttention\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DisableMapping($organizationId: ID!) {\n    disableMapping(organizationId: $organizationId)\n  }\n"): (typeof documents)["\n  mutation DisableMapping($organizationId: ID!) {\n    disableMapping(organizationId: $organizationId)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConnectWiseCompanies($search: String, $first: Int!, $after: String) {\n    connectWiseCompanies(search: $search, first: $first, after: $after) {\n      nodes {\n        id\n        name\n        identifier\n      }\n      hasNextPage\n      endCursor\n      skipped {\n        index\n        id\n        reason\n      }\n    }\n  }\n"): (typeof documents)["\n  query ConnectWiseCompanies($search: String, $first: Int!, $after: String) {\n    connectWiseCompanies(search: $search, first: $first, after: $after) {\n      nodes {\n        id\n        name\n        identifier\n      }\n      hasNextPage\n      endCursor\n      skipped {\n        index\n        id\n        reason\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query OrganizationSuggestions($id: ID!) {\n    organization(id: $id) {\n      id\n      companySuggestions(first: 5) {\n        score\n        company {\n          id\n          name\n          identifier\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query OrganizationSuggestions($id: ID!) {\n    organization(id: $id) {\n      id\n      companySuggestions(first: 5) {\n        score\n        company {\n          id\n          name\n          identifier\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConnectWiseAgreements($companyId: Int!) {\n    connectWiseAgreements(companyId: $companyId) {\n      nodes {\n        id\n        name\n        type\n        status\n        selectable\n      }\n      skipped {\n        index\n        id\n        reason\n      }\n    }\n  }\n"): (typeof documents)["\n  query ConnectWiseAgreements($companyId: Int!) {\n    connectWiseAgreements(companyId: $companyId) {\n      nodes {\n        id\n        name\n        type\n        status\n        selectable\n      }\n      skipped {\n        index\n        id\n        reason\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConnectWiseAdditions($agreementId: Int!) {\n    connectWiseAdditions(agreementId: $agreementId) {\n      nodes {\n        id\n        productIdentifier\n        description\n        quantity\n        unitCost\n        cancelled\n      }\n      skipped {\n        index\n        id\n        reason\n      }\n    }\n  }\n"): (typeof documents)["\n  query ConnectWiseAdditions($agreementId: Int!) {\n    connectWiseAdditions(agreementId: $agreementId) {\n      nodes {\n        id\n        productIdentifier\n        description\n        quantity\n        unitCost\n        cancelled\n      }\n      skipped {\n        index\n        id\n        reason\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SaveMapping($mappings: [MappingInput!]!) {\n    saveMappings(mappings: $mappings) {\n      id\n      companyId\n      companyName\n      agreementId\n      agreementName\n      additionId\n      additionName\n    }\n  }\n"): (typeof documents)["\n  mutation SaveMapping($mappings: [MappingInput!]!) {\n    saveMappings(mappings: $mappings) {\n      id\n      companyId\n      companyName\n      agreementId\n      agreementName\n      additionId\n      additionName\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription ServerTime {\n    serverTime\n  }\n"): (typeof documents)["\n  subscription ServerTime {\n    serverTime\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query StatusViewer {\n    viewer {\n      id\n      email\n      roles\n    }\n  }\n"): (typeof documents)["\n  query StatusViewer {\n    viewer {\n      id\n      email\n      roles\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SyncRuns($first: Int!, $after: String) {\n    connectWiseIntegration {\n      id\n    }\n    syncRuns(first: $first, after: $after) {\n      totalCount\n      hasNextPage\n      endCursor\n      nodes {\n        id\n        trigger\n        month\n        status\n        total\n        updated\n        unchanged\n        skipped\n        failed\n        createdAt\n        startedAt\n        finishedAt\n      }\n    }\n  }\n"): (typeof documents)["\n  query SyncRuns($first: Int!, $after: String) {\n    connectWiseIntegration {\n      id\n    }\n    syncRuns(first: $first, after: $after) {\n      totalCount\n      hasNextPage\n      endCursor\n      nodes {\n        id\n        trigger\n        month\n        status\n        total\n        updated\n        unchanged\n        skipped\n        failed\n        createdAt\n        startedAt\n        finishedAt\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SyncNow {\n    syncNow {\n      id\n      trigger\n      month\n      status\n      total\n      updated\n      unchanged\n      skipped\n      failed\n      createdAt\n      startedAt\n      finishedAt\n    }\n  }\n"): (typeof documents)["\n  mutation SyncNow {\n    syncNow {\n      id\n      trigger\n      month\n      status\n      total\n      updated\n      unchanged\n      skipped\n      failed\n      createdAt\n      startedAt\n      finishedAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription SyncRunProgress {\n    syncRunUpdated {\n      run {\n        id\n        trigger\n        month\n        status\n        total\n        updated\n        unchanged\n        skipped\n        failed\n        createdAt\n        startedAt\n        finishedAt\n      }\n    }\n  }\n"): (typeof documents)["\n  subscription SyncRunProgress {\n    syncRunUpdated {\n      run {\n        id\n        trigger\n        month\n        status\n        total\n        updated\n        unchanged\n        skipped\n        failed\n        createdAt\n        startedAt\n        finishedAt\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PreviewSync {\n    previewSync {\n      organizationId\n      organizationName\n      outcome\n      previousQuantity\n      newQuantity\n      previousUnitCost\n      newUnitCost\n      reason\n      drift\n    }\n  }\n"): (typeof documents)["\n  query PreviewSync {\n    previewSync {\n      organizationId\n      organizationName\n      outcome\n      previousQuantity\n      newQuantity\n      previousUnitCost\n      newUnitCost\n      reason\n      drift\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SyncRunDetails($id: ID!, $outcome: SyncOutcome, $first: Int!) {\n    syncRun(id: $id) {\n      id\n      trigger\n      month\n      status\n      total\n      updated\n      unchanged\n      skipped\n      failed\n      error\n      createdAt\n      startedAt\n      finishedAt\n      requestedBy {\n        id\n        email\n      }\n      results(outcome: $outcome, first: $first) {\n        totalCount\n        hasNextPage\n        nodes {\n          id\n          organizationName\n          outcome\n          previousQuantity\n          newQuantity\n          previousUnitCost\n          newUnitCost\n          reason\n          drift\n          errorKind\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query SyncRunDetails($id: ID!, $outcome: SyncOutcome, $first: Int!) {\n    syncRun(id: $id) {\n      id\n      trigger\n      month\n      status\n      total\n      updated\n      unchanged\n      skipped\n      failed\n      error\n      createdAt\n      startedAt\n      finishedAt\n      requestedBy {\n        id\n        email\n      }\n      results(outcome: $outcome, first: $first) {\n        totalCount\n        hasNextPage\n        nodes {\n          id\n          organizationName\n          outcome\n          previousQuantity\n          newQuantity\n          previousUnitCost\n          newUnitCost\n          reason\n          drift\n          errorKind\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AlertEvents($first: Int!, $after: String) {\n    alertEvents(first: $first, after: $after) {\n      totalCount\n      hasNextPage\n      endCursor\n      nodes {\n        id\n        alert {\n          id\n          name\n        }\n        subject\n        occurredAt\n        status\n        ticketId\n        ticketedAt\n        error\n        notTicketedReason\n        attempts\n        nextAttemptAt\n        organization {\n          id\n          name\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query AlertEvents($first: Int!, $after: String) {\n    alertEvents(first: $first, after: $after) {\n      totalCount\n      hasNextPage\n      endCursor\n      nodes {\n        id\n        alert {\n          id\n          name\n        }\n        subject\n        occurredAt\n        status\n        ticketId\n        ticketedAt\n        error\n        notTicketedReason\n        attempts\n        nextAttemptAt\n        organization {\n          id\n          name\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription AlertEventUpdated {\n    alertEventUpdated {\n      id\n      alert {\n        id\n        name\n      }\n      subject\n      occurredAt\n      status\n      ticketId\n      ticketedAt\n      error\n      notTicketedReason\n      attempts\n      nextAttemptAt\n      organization {\n        id\n        name\n      }\n    }\n  }\n"): (typeof documents)["\n  subscription AlertEventUpdated {\n    alertEventUpdated {\n      id\n      alert {\n        id\n        name\n      }\n      subject\n      occurredAt\n      status\n      ticketId\n      ticketedAt\n      error\n      notTicketedReason\n      attempts\n      nextAttemptAt\n      organization {\n        id\n        name\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RetryAlert($id: ID!) {\n    retryAlert(id: $id) {\n      id\n      status\n      attempts\n      nextAttemptAt\n      error\n    }\n  }\n"): (typeof documents)["\n  mutation RetryAlert($id: ID!) {\n    retryAlert(id: $id) {\n      id\n      status\n      attempts\n      nextAttemptAt\n      error\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AlertTicketOptions {\n    alertTicketOptions {\n      maxDueDays\n      priorities {\n        id\n        name\n        isDefault\n      }\n      sources {\n        id\n        name\n        isDefault\n      }\n    }\n  }\n"): (typeof documents)["\n  query AlertTicketOptions {\n    alertTicketOptions {\n      maxDueDays\n      priorities {\n        id\n        name\n        isDefault\n      }\n      sources {\n        id\n        name\n        isDefault\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SaveAlertSetting($settings: [AlertSettingInput!]!) {\n    saveAlertSettings(settings: $settings) {\n      automatedTicketing\n      alerts {\n        alert {\n          id\n        }\n        createTickets\n        dueDays\n        priority {\n          id\n          name\n        }\n        source {\n          id\n          name\n        }\n        recurrence\n        updatedAt\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation SaveAlertSetting($settings: [AlertSettingInput!]!) {\n    saveAlertSettings(settings: $settings) {\n      automatedTicketing\n      alerts {\n        alert {\n          id\n        }\n        createTickets\n        dueDays\n        priority {\n          id\n          name\n        }\n        source {\n          id\n          name\n        }\n        recurrence\n        updatedAt\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TicketingSettings {\n    connectWiseIntegration {\n      id\n    }\n    ticketingSettings {\n      automatedTicketing\n      updatedAt\n      alerts {\n        alert {\n          id\n          name\n          description\n          category\n        }\n        createTickets\n        dueDays\n        priority {\n          id\n          name\n        }\n        source {\n          id\n          name\n        }\n        recurrence\n        updatedAt\n      }\n    }\n  }\n"): (typeof documents)["\n  query TicketingSettings {\n    connectWiseIntegration {\n      id\n    }\n    ticketingSettings {\n      automatedTicketing\n      updatedAt\n      alerts {\n        alert {\n          id\n          name\n          description\n          category\n        }\n        createTickets\n        dueDays\n        priority {\n          id\n          name\n        }\n        source {\n          id\n          name\n        }\n        recurrence\n        updatedAt\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetAutomatedTicketing($enabled: Boolean!) {\n    setAutomatedTicketing(enabled: $enabled) {\n      automatedTicketing\n      updatedAt\n    }\n  }\n"): (typeof documents)["\n  mutation SetAutomatedTicketing($enabled: Boolean!) {\n    setAutomatedTicketing(enabled: $enabled) {\n      automatedTicketing\n      updatedAt\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;