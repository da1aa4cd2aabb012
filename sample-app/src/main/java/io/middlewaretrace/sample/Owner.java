package io.middlewaretrace.sample;

/**
 * An owner of pets, as stored in the clinic's database.
 */
record Owner(long id, String firstName, String lastName, String city) {

}
