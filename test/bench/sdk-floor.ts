import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';

// The cold-start floor: the least a Lambda that reads DynamoDB can import. Built with the same
// esbuild options as the portal's Lambdas (infra/bundling.ts); the bench compares their import
// times with this one's. No credentials are given: the SDK's default chain finds them in the
// environment, as in Lambda, so a GetItem that answers also shows the bundled chain still works.

const db = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: process.env.DYNAMODB_ENDPOINT }));

export const handler = async () => {
  const { Item } = await db.send(
    new GetCommand({ TableName: process.env.TABLE_NAME, Key: { pk: 'SDK-FLOOR', sk: 'SDK-FLOOR' } }),
  );
  return { statusCode: Item ? 200 : 404 };
};
