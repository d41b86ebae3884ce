// The table's shape, in one place: the CDK Data construct and the local/test bootstrap both read
// this, so DynamoDB Local always has the same keys, indexes and TTL as the deployed table.

export const tableSchema = {
  partitionKey: 'pk',
  sortKey: 'sk',
  /** Epoch seconds. TTL only cleans up (it can lag by days): reads still check expiry. */
  timeToLiveAttribute: 'expiresAt',
  globalSecondaryIndexes: [
    {
      // Overloaded, sparse "by time" index: items that need to be found by a time range
      // across partitions (appointments whose reminder falls due, pending requests of a
      // service) set gsi1pk/gsi1sk; everything else leaves them out and costs nothing here.
      indexName: 'gsi1',
      partitionKey: 'gsi1pk',
      sortKey: 'gsi1sk',
    },
    {
      // Overloaded, sparse "by owner" index: items found by the patient (or clinician) they
      // belong to but stored under their own key, such as to-dos (found by id to acknowledge).
      indexName: 'gsi2',
      partitionKey: 'gsi2pk',
      sortKey: 'gsi2sk',
    },
  ],
} as const;

export type TableSchema = typeof tableSchema;
