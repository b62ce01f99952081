/*
 * The harness's workers meet at two points: "arrived" (they are attached and have called
 * Java: what the tests observe) and "released" (they may detach). One mutex, one condvar.
 */
#include "harness.h"

void harness_arrive(struct harness *h) {
    pthread_mutex_lock(&h->lock);
    h->arrived++;
    pthread_cond_broadcast(&h->cond);
    pthread_mutex_unlock(&h->lock);
}

void harness_await_arrivals(struct harness *h, int n) {
    pthread_mutex_lock(&h->lock);
    while (h->arrived < n) {
        pthread_cond_wait(&h->cond, &h->lock);
    }
    pthread_mutex_unlock(&h->lock);
}

void harness_await_release(struct harness *h) {
    pthread_mutex_lock(&h->lock);
    while (!h->released) {
        pthread_cond_wait(&h->cond, &h->lock);
    }
    pthread_mutex_unlock(&h->lock);
}

void harness_release(struct harness *h) {
    pthread_mutex_lock(&h->lock);
    h->released = true;
    pthread_cond_broadcast(&h->cond);
    pthread_mutex_unlock(&h->lock);
}

void harness_fail(struct harness *h) {
    pthread_mutex_lock(&h->lock);
    h->failures++;
    pthread_mutex_unlock(&h->lock);
}

void harness_detached(struct harness *h) {
    pthread_mutex_lock(&h->lock);
    h->detaches++;
    pthread_mutex_unlock(&h->lock);
}
