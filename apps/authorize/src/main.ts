import 'reflect-metadata';
import { runMain } from '@tessera/service-kit';
import { authorizeApp } from './authorize.app';

runMain(authorizeApp);
