import 'reflect-metadata';
import { runMain } from '@tessera/service-kit';
import { accountsApp } from './accounts.app';

runMain(accountsApp);
