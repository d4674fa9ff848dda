import { Migration } from '@mikro-orm/migrations';

export class Migration20261205183153 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "sso_settings" ("id" uuid not null, "created_at" timestamptz not null, "provider_id" uuid not null, "issuer_url" text not null, "client_id" text not null, "client_secret_sealed" text not null, "allowed_domains" text[] not null, "sso_only" boolean not null default false, "updated_at" timestamptz not null, constraint "sso_settings_pkey" primary key ("id"));`);
    this.addSql(`alter table "sso_settings" add constraint "sso_settings_provider_id_unique" unique ("provider_id");`);

    this.addSql(`alter table "sso_settings" add constraint "sso_settings_provider_id_foreign" foreign key ("provider_id") references "providers" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "admins" add column "sso_subject" text null;`);
    this.addSql(`alter table "admins" add constraint "admins_sso_subject_unique" unique ("sso_subject");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "sso_settings" cascade;`);

    this.addSql(`alter table "admins" drop constraint "admins_sso_subject_unique";`);
    this.addSql(`alter table "admins" drop column "sso_subject";`);
  }

}
