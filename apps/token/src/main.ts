import 'reflect-metadata';
import { runMain } from '@tessera/service-kit';
import { tokenApp } from './token.app';

runMain(tokenApp);
