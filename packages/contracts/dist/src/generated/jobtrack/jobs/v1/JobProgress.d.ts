export interface JobProgress {
    'percent'?: (number);
    'step'?: (string);
    'message'?: (string);
}
export interface JobProgress__Output {
    'percent': (number);
    'step': (string);
    'message': (string);
}
