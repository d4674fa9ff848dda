import { Migration } from '@mikro-orm/migrations';

export class Migration20261205183446 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "connectwise_integrations" add column "permission_check" jsonb null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "connectwise_integrations" drop column "permission_check";`);
  }

}
