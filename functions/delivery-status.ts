import { createDeliveryStatusDeps } from '../shared/messaging-deps.js';
import { deliveryStatusHandler } from '../shared/messages/delivery-status.js';

// Invoked by SNS (SES bounces and complaints) and by the SMS delivery log's subscription filter.
export const handler = deliveryStatusHandler(createDeliveryStatusDeps());
