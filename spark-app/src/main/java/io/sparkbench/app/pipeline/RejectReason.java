package io.sparkbench.app.pipeline;

/**
 * Why silver rejected a row, in the order the checks apply: a row gets the first reason that holds.
 */
public enum RejectReason {
  MISSING_TRANSACTION_ID,
  MISSING_CUSTOMER_ID,
  MISSING_PRODUCT_ID,
  MISSING_STORE_ID,
  UNPARSABLE_QUANTITY,
  UNPARSABLE_UNIT_PRICE,
  UNPARSABLE_AMOUNT,
  UNPARSABLE_EVENT_TIME,
  NON_POSITIVE_QUANTITY,
  NEGATIVE_AMOUNT,
  AMOUNT_MISMATCH,
  UNKNOWN_CUSTOMER,
  UNKNOWN_PRODUCT,
  UNKNOWN_STORE;

  /** The value stored in the rejects table's {@code reject_reason} column. */
  public String code() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
