import { createDeliveryStatusDeps } from '../shared/messaging-deps.js';
import { deliveryStatusHandler } from '../shared/messages/delivery-status.js';
import { loadTracing, traceInvocations } from '../shared/observability/tracing.js';

// Invoked by SNS (SES bounces and complaints) and by the SMS delivery log's subscription filter;
// built once per cold start, the tracer first so the table's client is traced.
await loadTracing();
export const handler = traceInvocations(deliveryStatusHandler(createDeliveryStatusDeps()));
