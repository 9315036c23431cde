package io.omnihub.event;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import org.apache.camel.Exchange;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Applies a batch of consumed events (omnihub-events-batch-source) in one transaction. If the batch
 * fails for a reason other than the database being away, each event is applied alone, and one that
 * fails alone is parked in rejected_event with the reason, so it cannot hold up the others. The
 * database being away is thrown on: the flow's error policy retries the batch.
 */
@Component
public class EventBatches {

    private final TransactionTemplate transactions;
    private final RejectedEvents rejectedEvents;

    public EventBatches(PlatformTransactionManager transactionManager, RejectedEvents rejectedEvents) {
        this.transactions = new TransactionTemplate(transactionManager);
        this.rejectedEvents = rejectedEvents;
    }

    /**
     * Runs {@code work} on the whole batch in one transaction and answers its result; after a failure,
     * the results of the events that applied alone, in order.
     */
    public <E, R> List<R> apply(List<E> events, Function<E, Exchange> exchangeOf, Function<List<E>, R> work) {
        try {
            R result = transactions.execute(tx -> work.apply(events));
            return List.of(result);
        } catch (DataAccessResourceFailureException | TransientDataAccessException databaseAway) {
            throw databaseAway;
        } catch (RuntimeException batchFailure) {
            List<R> results = new ArrayList<>();
            for (E event : events) {
                try {
                    results.add(transactions.execute(tx -> work.apply(List.of(event))));
                } catch (DataAccessResourceFailureException | TransientDataAccessException databaseAway) {
                    throw databaseAway;
                } catch (RuntimeException failure) {
                    rejectedEvents.parkFailed(exchangeOf.apply(event), failure);
                }
            }
            return results;
        }
    }
}
