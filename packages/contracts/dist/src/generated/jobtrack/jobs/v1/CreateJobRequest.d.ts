export interface CreateJobRequest {
    'type'?: (string);
    'owner'?: (string);
    'inputJson'?: (string);
}
export interface CreateJobRequest__Output {
    'type': (string);
    'owner': (string);
    'inputJson': (string);
}
