import { openTestDb, testDrivers } from '../../test/support/db.ts';
import { runStorageSuite } from './storage.case.ts';

for (const driver of testDrivers()) runStorageSuite(driver, () => openTestDb(driver));
