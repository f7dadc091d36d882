import 'reflect-metadata';
import { runMain } from '@tessera/service-kit';
import { userinfoApp } from './userinfo.app';

runMain(userinfoApp);
