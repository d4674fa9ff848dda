import { Migration } from '@mikro-orm/migrations';

export class Migration20261205130630 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "admins" add column "deactivated_at" timestamptz null, add column "last_sign_in_at" timestamptz null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "admins" drop column "deactivated_at", drop column "last_sign_in_at";`);
  }

}
