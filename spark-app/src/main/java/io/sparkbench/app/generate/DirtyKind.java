package io.sparkbench.app.generate;

/**
 * The kinds of bad rows a source system drops into the landing zone. Dirty rows are spread evenly
 * over these kinds.
 */
public enum DirtyKind {
  /** The customer id is empty. */
  MISSING_CUSTOMER,
  /** The amount is negative. */
  NEGATIVE_AMOUNT,
  /** The previous transaction is delivered again with the same id. */
  DUPLICATE_ID,
  /** The quantity is not a number. */
  UNPARSABLE_QUANTITY,
  /** The event time is not a valid date and time. */
  UNPARSABLE_EVENT_TIME,
  /** The product id is not in the product dimension. */
  UNKNOWN_PRODUCT
}
