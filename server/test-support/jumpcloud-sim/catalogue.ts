/*
 * JumpCloud's Directory Insights event catalogue, transcribed from the "Event Types" tables of the
 * Directory Insights API reference (`info.description` of SDK spec JumpCloud.SDK.DirectoryInsights.json,
 * jcapi-powershell commit 82c20c1, file last changed 2025-11-13). Every "Directory - …" table is
 * service `directory`; the other tables are named after their service. The simulator refuses to seed an
 * event type its service does not list, so a test cannot invent an event JumpCloud never sends.
 */

/** `EventServiceTimeQuery.service` item enum, in the spec's order (`all` selects every service). */
export const insightsServices = [
  'alerts',
  'all',
  'directory',
  'ldap',
  'mdm',
  'notifications',
  'object_storage',
  'password_manager',
  'radius',
  'reports',
  'saas_app_management',
  'software',
  'sso',
  'systems',
  'access_management',
  'asset_management',
] as const;
export type InsightsService = (typeof insightsServices)[number];

export const eventCatalogue: Readonly<Record<Exclude<InsightsService, 'all'>, readonly string[]>> = {
  alerts: [
    'alert_created', 'alert_status_updated', 'alert_updated', 'rule_created', 'rule_deleted', 'rule_modified',
  ],
  directory: [
    'activedirectory_create', 'activedirectory_delete', 'admin_create', 'admin_delete', 'admin_lockout',
    'admin_login_attempt', 'admin_password_change', 'admin_password_reset_request', 'admin_suspended',
    'admin_totp_disable', 'admin_totp_finish_enrollment', 'admin_totp_start_enrollment', 'admin_unsuspend',
    'admin_update', 'application_create', 'application_delete', 'application_update', 'association_change',
    'authnpolicy_create', 'authnpolicy_delete', 'authpolicy_update', 'autotask_billing_mapping_create',
    'autotask_billing_mapping_delete', 'autotask_billing_mapping_update', 'autotask_company_mapping_create',
    'autotask_company_mapping_delete', 'autotask_company_mapping_update', 'autotask_integration_create',
    'autotask_integration_delete', 'autotask_integration_update', 'autotask_settings_update',
    'command_create', 'command_delete', 'command_run', 'command_update', 'commandresult_delete',
    'connectwise_billing_mapping_create', 'connectwise_billing_mapping_delete',
    'connectwise_billing_mapping_update', 'connectwise_company_mapping_create',
    'connectwise_company_mapping_delete', 'connectwise_company_mapping_update',
    'connectwise_integration_create', 'connectwise_integration_delete', 'connectwise_integration_update',
    'connectwise_settings_update', 'file_create', 'file_delete', 'file_update', 'group_create',
    'group_delete', 'group_update', 'gsuite_directory_create', 'gsuite_directory_delete',
    'gsuite_directory_update', 'idsource_create', 'idsource_delete', 'idsource_update',
    'integration_activate', 'integration_deactivate', 'integration_default_domain_add',
    'integration_default_domain_delete', 'integration_default_domain_update', 'integration_domain_add',
    'integration_domain_delete', 'integrationattribute_exclude', 'integrationattribute_include',
    'invoice_download', 'iplist_create', 'iplist_delete', 'iplist_update', 'msp_ticket_create',
    'mtp_download_invoice', 'notification_delete', 'o365_directory_create', 'o365_directory_delete',
    'o365_directory_update', 'organization_create', 'organization_update', 'policy_create', 'policy_delete',
    'policy_update', 'provider_update', 'radiusserver_create', 'radiusserver_delete', 'radiusserver_update',
    'sambadomain_create', 'sambadomain_delete', 'sambadomain_update', 'syncro_billing_mapping_create',
    'syncro_billing_mapping_delete', 'syncro_billing_mapping_update', 'syncro_company_mapping_create',
    'syncro_company_mapping_delete', 'syncro_company_mapping_update', 'syncro_integration_create',
    'syncro_integration_delete', 'syncro_integration_update', 'syncro_settings_update', 'system_create',
    'system_delete', 'system_update', 'totp_delete_enrollment', 'totp_finish_enrollment',
    'totp_start_enrollment', 'user_activated', 'user_activation_email', 'user_activation_schedule_create',
    'user_activation_schedule_delete', 'user_admin_granted', 'user_admin_revoked', 'user_create',
    'user_create_provision', 'user_delete', 'user_delete_provision', 'user_group_admin_grant',
    'user_group_admin_revoke', 'user_lockout', 'user_login_attempt', 'user_mfa_exclusion_expired',
    'user_password_change', 'user_password_expired', 'user_password_reset_request', 'user_password_set',
    'user_password_warning_email', 'user_suspended', 'user_suspension_schedule_create',
    'user_suspension_schedule_delete', 'user_unlocked', 'user_unsuspended', 'user_update',
    'user_update_provision', 'workday_create', 'workday_delete', 'workday_update',
  ],
  ldap: [
    'ldap_bind', 'ldap_search',
  ],
  mdm: [
    'configuration_file_download', 'device_enrollment', 'mdm_command_result',
  ],
  notifications: [
    'notification_channel_created', 'notification_channel_deleted', 'notification_channel_updated',
  ],
  object_storage: [
    'object_storage_create', 'object_storage_delete', 'object_storage_get_download_url_request',
    'object_storage_upload_validation_result',
  ],
  password_manager: [
    'passwordmanager_app_unlock', 'passwordmanager_app_update', 'passwordmanager_backup_create',
    'passwordmanager_backup_disable', 'passwordmanager_backup_enable', 'passwordmanager_backup_key_create',
    'passwordmanager_backup_key_delete', 'passwordmanager_backup_key_regenerate',
    'passwordmanager_backup_request', 'passwordmanager_backup_request_approve',
    'passwordmanager_backup_request_cancel', 'passwordmanager_backup_request_reject',
    'passwordmanager_backup_request_restore', 'passwordmanager_disable', 'passwordmanager_enable',
    'passwordmanager_extension_pair', 'passwordmanager_extension_settings_update',
    'passwordmanager_extension_site_exclusion', 'passwordmanager_extension_unlock',
    'passwordmanager_folder_create', 'passwordmanager_folder_delete', 'passwordmanager_folder_force_sync',
    'passwordmanager_folder_group_add', 'passwordmanager_folder_group_remove',
    'passwordmanager_folder_group_update', 'passwordmanager_folder_member_add',
    'passwordmanager_folder_member_remove', 'passwordmanager_folder_member_update',
    'passwordmanager_folder_update', 'passwordmanager_force_sync', 'passwordmanager_item_add',
    'passwordmanager_item_autofill', 'passwordmanager_item_copy', 'passwordmanager_item_history_restore',
    'passwordmanager_item_history_reveal', 'passwordmanager_item_move', 'passwordmanager_item_remove',
    'passwordmanager_item_reveal', 'passwordmanager_item_settings_update', 'passwordmanager_item_update',
    'passwordmanager_items_export', 'passwordmanager_items_import', 'passwordmanager_local_backup_create',
    'passwordmanager_local_backup_path_update', 'passwordmanager_local_backup_restore',
    'passwordmanager_mini_launch', 'passwordmanager_paranoid_mode_disable',
    'passwordmanager_paranoid_mode_enable', 'passwordmanager_pincode_update',
    'passwordmanager_sharedfolders_policy_group_add', 'passwordmanager_sharedfolders_policy_group_remove',
    'passwordmanager_sharedfolders_policy_update', 'passwordmanager_sharedfolders_policy_user_add',
    'passwordmanager_sharedfolders_policy_user_remove', 'passwordmanager_user_activate',
    'passwordmanager_user_deactivate', 'passwordmanager_user_device_pair',
    'passwordmanager_user_device_unpair', 'passwordmanager_user_disable', 'passwordmanager_user_enable',
    'passwordmanager_user_re-enable', 'passwordmanager_user_reactivate', 'passwordmanager_user_remove',
    'passwordmanager_user_signup', 'passwordmanager_user_update',
  ],
  radius: [
    'radius_auth',
  ],
  reports: [
    'report_create', 'report_delete', 'report_export', 'report_run', 'report_update',
  ],
  saas_app_management: [
    'saas_management_account_delete', 'saas_management_account_discover',
    'saas_management_account_user_assign', 'saas_management_application_access_restriction_update',
    'saas_management_application_delete', 'saas_management_application_discover',
    'saas_management_application_license_update', 'saas_management_application_update',
    'saas_management_connector_create', 'saas_management_connector_delete',
    'saas_management_connector_update', 'saas_management_disable', 'saas_management_enable',
    'saas_management_event_application_review', 'saas_management_login_event',
    'saas_management_settings_update', 'saas_management_tenant_discover',
  ],
  software: [
    'software_add', 'software_add_request', 'software_change', 'software_change_request', 'software_remove',
    'software_remove_request',
  ],
  sso: [
    'sso_auth',
  ],
  systems: [
    'device_command', 'google_emm_create', 'google_emm_delete', 'google_emm_patch', 'login_attempt',
    'os_major_rollback', 'os_major_upgrade', 'os_minor_rollback', 'os_minor_upgrade', 'remote_session_end',
    'remote_session_feedback', 'remote_session_join', 'remote_session_start', 'system_fde_key_decrypt',
    'system_fde_key_update', 'user_lockout', 'user_password_change',
  ],
  access_management: [
    'access_management_access_request', 'access_management_access_request_approval',
    'access_management_access_request_settings_update', 'access_management_approval_flow_create',
    'access_management_approval_flow_delete', 'access_management_approval_flow_update',
    'access_management_association_change',
  ],
  asset_management: [
    'asset_management_asset_create', 'asset_management_asset_delete', 'asset_management_asset_update',
    'asset_management_disable', 'asset_management_enable', 'asset_management_field_setting_create',
    'asset_management_field_setting_delete', 'asset_management_field_setting_update',
    'asset_management_general_settings_update',
  ],
};

/** Whether JumpCloud's catalogue lists `eventType` for `service`. */
export function inCatalogue(service: string, eventType: string): boolean {
  if (service === 'all') return false;
  const types = (eventCatalogue as Record<string, readonly string[] | undefined>)[service];
  return types?.includes(eventType) ?? false;
}
