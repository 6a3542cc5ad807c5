/** Picks a partition from the key, so one key always lands on one partition and keeps its order. */
export declare function partitionForKey(key: string, partitions: number): number;
