import { Migration } from '@mikro-orm/migrations';

export class Migration20261205084428 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "setup_links" ("id" uuid not null, "created_at" timestamptz not null, "admin_id" uuid not null, "token_hash" text not null, "expires_at" timestamptz not null, "used_at" timestamptz null, constraint "setup_links_pkey" primary key ("id"));`);
    this.addSql(`create index "setup_links_admin_id_index" on "setup_links" ("admin_id");`);
    this.addSql(`alter table "setup_links" add constraint "setup_links_token_hash_unique" unique ("token_hash");`);

    this.addSql(`create table "sign_in_failures" ("id" uuid not null, "created_at" timestamptz not null, "email" text not null, "client_ip" text not null, constraint "sign_in_failures_pkey" primary key ("id"));`);
    this.addSql(`create index "sign_in_failures_client_ip_created_at_index" on "sign_in_failures" ("client_ip", "created_at");`);
    this.addSql(`create index "sign_in_failures_email_created_at_index" on "sign_in_failures" ("email", "created_at");`);

    this.addSql(`alter table "setup_links" add constraint "setup_links_admin_id_foreign" foreign key ("admin_id") references "admins" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "admins" add column "password_hash" text null, add column "totp_secret_sealed" text null, add column "totp_pending_secret_sealed" text null, add column "totp_last_used_step" int null, add column "recovery_code_hashes" text[] not null default '{}';`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "setup_links" cascade;`);

    this.addSql(`drop table if exists "sign_in_failures" cascade;`);

    this.addSql(`alter table "admins" drop column "password_hash", drop column "totp_secret_sealed", drop column "totp_pending_secret_sealed", drop column "totp_last_used_step", drop column "recovery_code_hashes";`);
  }

}
