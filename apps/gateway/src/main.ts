import 'reflect-metadata';
import { runMain } from '@tessera/service-kit';
import { gatewayApp } from './gateway.app';

runMain(gatewayApp);
