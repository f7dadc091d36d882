import 'reflect-metadata';
import { runMain } from '@tessera/service-kit';
import { registryApp } from './registry.app';

runMain(registryApp);
