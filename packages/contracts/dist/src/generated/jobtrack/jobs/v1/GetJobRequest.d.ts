export interface GetJobRequest {
    'id'?: (string);
    'owner'?: (string);
}
export interface GetJobRequest__Output {
    'id': (string);
    'owner': (string);
}
