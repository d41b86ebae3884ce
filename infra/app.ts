// The CDK app entry (cdk.json: "npx tsx infra/app.ts").
//   npx cdk synth -c service=demo        one service's stack, TherapyPortal-demo
//   npx cdk synth -c service=all         a stack for every infra/services/*.json
import { createPortalApp } from './portal-app.js';

createPortalApp().app.synth();
