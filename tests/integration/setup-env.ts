import { inject } from 'vitest';
import { simEnv } from '../support/app-server';

// lib/aws reads the environment exactly as in production; only the endpoint points at the sim.
Object.assign(process.env, simEnv(inject('simUrl')), { SFN_LENS_MAX_ATTEMPTS: '1' });
