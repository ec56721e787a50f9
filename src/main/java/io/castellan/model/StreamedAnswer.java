package io.castellan.model;

import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * One call to a streaming model, waited for: each piece of the answer goes to
 * {@link AnswerStreams} as it arrives, and the whole answer is returned as the plain call's would
 * be. Castellan's HTTP transport reads the stream on the calling thread, so a cancel's interrupt
 * reaches it; the wait below only covers a model that hands the stream to a thread of its own.
 */
final class StreamedAnswer {

    private StreamedAnswer() {
    }

    static ChatResponse of(StreamingChatModel model, ChatRequest request, AnswerStreams streams, String invocationId, int turn,
                           Duration timeout) {
        CompletableFuture<ChatResponse> done = new CompletableFuture<>();
        streams.begin(invocationId, turn);
        model.chat(request, new StreamingChatResponseHandler() {
            @Override
            public void onPartialResponse(String piece) {
                streams.piece(invocationId, piece);
            }

            @Override
            public void onCompleteResponse(ChatResponse response) {
                done.complete(response);
            }

            @Override
            public void onError(Throwable error) {
                done.completeExceptionally(error);
            }
        });
        try {
            return done.get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new dev.langchain4j.exception.TimeoutException("no answer within " + timeout.toMillis() + " ms", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ModelException("interrupted while the model was answering");
        }
    }
}
